import { ApiProperty } from '@nestjs/swagger';
import type { ProfileResponse } from '@roster/contracts';

export class ProfileDto implements ProfileResponse {
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty({ format: 'email' }) email!: string;
  @ApiProperty({ description: 'Derived from the e-mail until a name is set' }) displayName!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}
