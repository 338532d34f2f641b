import { defineRpc } from '../define';
import { CompanyIdRequest } from './company';

export interface CompanyStatisticsResponse {
  companyId: string;
  members: {
    total: number;
    active: number;
    disabled: number;
    byRole: { owner: number; admin: number; member: number };
  };
  /** Among active members, from auth's two-factor events. `adoption` is enabled / active (0 when none). */
  twoFactor: { enabled: number; disabled: number; adoption: number };
  /** `used`: active members; `purchased`/`cap`: from billing's subscription (null before one exists). */
  seats: { used: number; purchased: number | null; cap: number | null; subscriptionStatus: string | null };
}
export const GetCompanyStatistics = defineRpc<CompanyIdRequest, CompanyStatisticsResponse>(
  'directory.company.statistics.v1',
  CompanyIdRequest,
);
