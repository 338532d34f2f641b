import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  CheckSeatAvailability,
  CheckSeatAvailabilityRequest,
  CompanyPaymentMethodRequest,
  GetCompanySeats,
} from '@roster/contracts';
import { RequestMeta, RpcHandler, RpcMeta } from '@roster/messaging';
import { BillingAccess } from '../common/billing-access';
import { SeatsService } from './seats.service';

@Controller()
export class SeatsHandler {
  constructor(
    private readonly seats: SeatsService,
    private readonly access: BillingAccess,
  ) {}

  /** Asked by directory (a service) before adding members; it has checked the caller's rights itself. */
  @RpcHandler(CheckSeatAvailability)
  availability(@Payload() request: CheckSeatAvailabilityRequest) {
    return this.seats.availability(request);
  }

  @RpcHandler(GetCompanySeats)
  async summary(@Payload() request: CompanyPaymentMethodRequest, @RpcMeta() meta: RequestMeta) {
    await this.access.requireAdmin(request.companyId, meta);
    return this.seats.summary(request.companyId);
  }
}
