import { ApiProperty } from '@nestjs/swagger';
import type { Page, SessionResponse } from '@roster/contracts';

export class SessionDto implements SessionResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time', description: 'Last login or refresh' }) lastUsedAt!: string;
  @ApiProperty({ format: 'date-time' }) expiresAt!: string;
  @ApiProperty({ nullable: true, type: String, description: 'Client IP at login' }) ip!: string | null;
  @ApiProperty({ nullable: true, type: String }) userAgent!: string | null;
  @ApiProperty({ description: 'The session this request was made with' }) current!: boolean;
}

export class SessionPageDto implements Page<SessionResponse> {
  @ApiProperty({ type: [SessionDto] }) items!: SessionDto[];
  @ApiProperty() total!: number;
  @ApiProperty() limit!: number;
  @ApiProperty() skip!: number;
}
