import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, MaxLength } from 'class-validator';
import { EMAIL_MAX_LENGTH, SSO_PROTOCOLS } from '@roster/contracts';

export class SsoQueryDto {
  @ApiProperty({ format: 'email', maxLength: EMAIL_MAX_LENGTH, example: 'jane@acme.example' })
  @IsEmail()
  @MaxLength(EMAIL_MAX_LENGTH)
  email!: string;
}

export class SsoRequestDto {
  @ApiProperty({ enum: SSO_PROTOCOLS, description: 'How the identity provider is spoken to' })
  protocol!: (typeof SSO_PROTOCOLS)[number];

  @ApiProperty({ description: "Where to send the user to sign in (the identity provider's start URL)" })
  loginUrl!: string;
}

export class LoginDiscoveryDto {
  @ApiProperty({ enum: ['password', 'sso'], description: 'How this e-mail address signs in' })
  method!: 'password' | 'sso';

  @ApiPropertyOptional({ enum: SSO_PROTOCOLS, description: 'With `sso`' })
  protocol?: (typeof SSO_PROTOCOLS)[number];

  @ApiPropertyOptional({ description: 'With `sso`: where to send the user to sign in' })
  loginUrl?: string;
}
