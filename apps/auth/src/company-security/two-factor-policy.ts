import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

/** Whether a company the user actively belongs to enforces two-factor authentication (one index probe). */
@Injectable()
export class TwoFactorPolicy {
  constructor(private readonly dataSource: DataSource) {}

  async requiredFor(userId: string, manager: EntityManager = this.dataSource.manager): Promise<boolean> {
    const [row]: Array<{ required: boolean }> = await manager.query(
      `SELECT EXISTS (
         SELECT 1 FROM company_members m JOIN company_policies p ON p.company_id = m.company_id
          WHERE m.user_id = $1 AND m.present AND m.status = 'active' AND p.enforced_2fa
       ) AS required`,
      [userId],
    );
    return row.required;
  }
}
