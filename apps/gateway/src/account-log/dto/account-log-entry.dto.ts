import { ApiProperty } from '@nestjs/swagger';
import { ACCOUNT_LOG_TYPES, AccountLogEntryResponse, AccountLogType, Page } from '@roster/contracts';

export class AccountLogEntryDto implements AccountLogEntryResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ACCOUNT_LOG_TYPES }) type!: AccountLogType;
  @ApiProperty({ format: 'date-time' }) occurredAt!: string;
  @ApiProperty({ nullable: true, type: String }) ip!: string | null;
  @ApiProperty({ nullable: true, type: String }) userAgent!: string | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'Depends on the type, never secret: `{ reason }` for a failed login, `{ tokenId, name }` for tokens…',
  })
  details!: Record<string, unknown>;
}

export class AccountLogPageDto implements Page<AccountLogEntryResponse> {
  @ApiProperty({ type: [AccountLogEntryDto] }) items!: AccountLogEntryDto[];
  @ApiProperty() total!: number;
  @ApiProperty() limit!: number;
  @ApiProperty() skip!: number;
}
