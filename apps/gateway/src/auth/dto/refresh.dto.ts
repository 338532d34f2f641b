import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';

export class RefreshDto {
  @ApiProperty({ description: 'The refresh token from the last login or refresh; each works once' })
  @IsString()
  @MinLength(16)
  @MaxLength(512)
  refreshToken!: string;
}
