import { ApiProperty } from '@nestjs/swagger';
import { API_SCOPES, ApiScope, ApiTokenResponse, CreatedApiTokenResponse, Page } from '@roster/contracts';

export class ApiTokenDto implements ApiTokenResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ nullable: true, type: String }) description!: string | null;
  @ApiProperty({ enum: API_SCOPES, isArray: true }) scopes!: ApiScope[];
  @ApiProperty({
    example: 'rst_AbCd1234',
    description: 'The first characters of the secret, for telling tokens apart',
  })
  prefix!: string;
  @ApiProperty() active!: boolean;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) expiresAt!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) lastUsedAt!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class CreatedApiTokenDto extends ApiTokenDto implements CreatedApiTokenResponse {
  @ApiProperty({
    example: 'rst_9oQ2…',
    description: 'The secret: shown this once, never again. Send it as `Authorization: Bearer <token>`.',
  })
  token!: string;
}

export class ApiTokenPageDto implements Page<ApiTokenResponse> {
  @ApiProperty({ type: [ApiTokenDto] }) items!: ApiTokenDto[];
  @ApiProperty() total!: number;
  @ApiProperty() limit!: number;
  @ApiProperty() skip!: number;
}
