import { ApiProperty } from '@nestjs/swagger';
import type { RegisterUserResponse } from '@roster/contracts';

export class RegisteredUserDto implements RegisterUserResponse {
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty({ format: 'email' }) email!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}
