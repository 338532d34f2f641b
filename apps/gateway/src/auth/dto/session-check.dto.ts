import { ApiProperty } from '@nestjs/swagger';

export class SessionCheckDto {
  @ApiProperty({ enum: [true] }) valid!: true;
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty({ description: 'The session id; `token:<id>` for a personal API token' }) sessionId!: string;
  @ApiProperty({
    format: 'date-time',
    nullable: true,
    type: String,
    description: 'When the presented bearer stops working (null: an API token without expiry)',
  })
  expiresAt!: string | null;
  @ApiProperty({
    format: 'date-time',
    nullable: true,
    type: String,
    description: 'When the session itself ends (its refresh tokens stop working)',
  })
  sessionExpiresAt!: string | null;
  @ApiProperty({ type: [String], description: 'Scopes of an API token; empty for a full session' })
  scopes!: string[];
}
