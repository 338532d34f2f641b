import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';
import { PASSWORD_MAX_LENGTH, PasswordStrengthFlags, PasswordStrengthResponse } from '@roster/contracts';

export class PasswordStrengthRequestDto {
  @ApiProperty({ maxLength: PASSWORD_MAX_LENGTH })
  @IsString()
  @MaxLength(PASSWORD_MAX_LENGTH)
  password!: string;
}

export class PasswordStrengthFlagsDto implements PasswordStrengthFlags {
  @ApiProperty() hasUpperCase!: boolean;
  @ApiProperty() hasLowerCase!: boolean;
  @ApiProperty() hasDigits!: boolean;
  @ApiProperty({ description: 'Anything but letters and digits (spaces count)' }) hasSpecialChars!: boolean;
  @ApiProperty({ description: 'At least 8 characters' }) minLength8!: boolean;
  @ApiProperty({ description: 'At least 16 characters' }) minLength16!: boolean;
  @ApiProperty({ description: 'Estimated bits of entropy' }) entropyBits!: number;
}

export class PasswordStrengthDto implements PasswordStrengthResponse {
  @ApiProperty({ minimum: 0, maximum: 100, description: '0 (useless) to 100 (strong)' }) score!: number;
  @ApiProperty({ type: PasswordStrengthFlagsDto }) flags!: PasswordStrengthFlagsDto;
  @ApiProperty({ description: 'Whether sign-up, change and reset accept it' }) meetsPolicy!: boolean;
  @ApiProperty({ type: [String], description: 'Why the policy refuses it' }) reasons!: string[];
}
