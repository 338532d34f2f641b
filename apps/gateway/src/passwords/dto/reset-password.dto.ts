import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { OPAQUE_TOKEN_MAX_LENGTH, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '@roster/contracts';

export class ResetPasswordDto {
  @ApiProperty({
    description: 'The token from the reset e-mail (single use)',
    maxLength: OPAQUE_TOKEN_MAX_LENGTH,
  })
  @IsString()
  @MinLength(16)
  @MaxLength(OPAQUE_TOKEN_MAX_LENGTH)
  token!: string;

  @ApiProperty({
    minLength: PASSWORD_MIN_LENGTH,
    maxLength: PASSWORD_MAX_LENGTH,
    description: 'Same policy as sign-up',
  })
  @IsString()
  @MaxLength(PASSWORD_MAX_LENGTH)
  newPassword!: string;
}
