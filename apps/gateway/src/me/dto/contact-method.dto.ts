import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, Matches, MaxLength } from 'class-validator';
import {
  CONTACT_CODE_PATTERN,
  CONTACT_KINDS,
  CONTACT_LABEL_PATTERN,
  ContactKind,
  ContactMethodResponse,
} from '@roster/contracts';

export class ContactMethodDto implements ContactMethodResponse {
  @ApiProperty({ enum: CONTACT_KINDS }) kind!: ContactKind;
  @ApiProperty({ example: 'work' }) label!: string;
  @ApiProperty({ example: 'jane@example.com' }) value!: string;
  @ApiProperty() verified!: boolean;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) verifiedAt!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class ContactMethodListDto {
  @ApiProperty({ type: [ContactMethodDto] }) items!: ContactMethodDto[];
}

export class AddContactMethodDto {
  @ApiProperty({ example: 'work', pattern: CONTACT_LABEL_PATTERN.source })
  @IsString()
  @Matches(CONTACT_LABEL_PATTERN, { message: 'must be 1–50 letters, digits, spaces, _ . or -' })
  label!: string;

  @ApiProperty({ description: 'An e-mail address, or a phone number like +15551234567', maxLength: 254 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(254)
  value!: string;
}

export class VerifyContactMethodDto {
  @ApiProperty({ example: '123456', description: 'The code that was sent' })
  @IsString()
  @Matches(CONTACT_CODE_PATTERN, { message: 'must be 6 digits' })
  code!: string;
}
