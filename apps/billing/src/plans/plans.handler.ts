import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  CreatePlan,
  CreatePlanRequest,
  ListPlans,
  ListPlansRequest,
  UpdatePlan,
  UpdatePlanRequest,
} from '@roster/contracts';
import { RequestMeta, RpcHandler, RpcMeta } from '@roster/messaging';
import { PlansService } from './plans.service';

@Controller()
export class PlansHandler {
  constructor(private readonly plans: PlansService) {}

  @RpcHandler(ListPlans)
  list(@Payload() request: ListPlansRequest, @RpcMeta() meta: RequestMeta) {
    return this.plans.list(request, meta);
  }

  @RpcHandler(CreatePlan)
  create(@Payload() request: CreatePlanRequest, @RpcMeta() meta: RequestMeta) {
    return this.plans.create(request, meta);
  }

  @RpcHandler(UpdatePlan)
  update(@Payload() request: UpdatePlanRequest, @RpcMeta() meta: RequestMeta) {
    return this.plans.update(request, meta);
  }
}
