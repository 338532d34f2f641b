import { ApiProperty } from '@nestjs/swagger';
import type { CompanyStatisticsResponse } from '@roster/contracts';

class RoleCountsDto {
  @ApiProperty() owner!: number;
  @ApiProperty() admin!: number;
  @ApiProperty() member!: number;
}
class MemberCountsDto {
  @ApiProperty() total!: number;
  @ApiProperty() active!: number;
  @ApiProperty() disabled!: number;
  @ApiProperty({ type: RoleCountsDto }) byRole!: RoleCountsDto;
}
class TwoFactorCountsDto {
  @ApiProperty({ description: 'Active members with a second factor' }) enabled!: number;
  @ApiProperty({ description: 'Active members without one' }) disabled!: number;
  @ApiProperty({ description: 'enabled / active members, 0..1' }) adoption!: number;
}
class SeatUsageDto {
  @ApiProperty({ description: 'Active members' }) used!: number;
  @ApiProperty({ nullable: true, type: Number, description: 'Seats billed (from billing)' }) purchased!:
    number | null;
  @ApiProperty({ nullable: true, type: Number }) cap!: number | null;
  @ApiProperty({ nullable: true, type: String }) subscriptionStatus!: string | null;
}

export class CompanyStatisticsDto implements CompanyStatisticsResponse {
  @ApiProperty({ format: 'uuid' }) companyId!: string;
  @ApiProperty({ type: MemberCountsDto }) members!: MemberCountsDto;
  @ApiProperty({ type: TwoFactorCountsDto }) twoFactor!: TwoFactorCountsDto;
  @ApiProperty({ type: SeatUsageDto }) seats!: SeatUsageDto;
}
