import { applyDecorators, Delete, Get, HttpCode, Param, Post, Type } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse } from '@nestjs/swagger';
import {
  LinkedItem,
  LinkKind,
  LinkRequest,
  ListLinksRequest,
  Page,
  ReverseLookupRequest,
  RpcContract,
} from '@roster/contracts';
import { ListQuerySpec, parseListQuery } from '@roster/http';
import { BusClient, RequestMeta } from '@roster/messaging';
import { RequireScopes } from '../authentication/require-scopes.decorator';
import { LINK_LIST_SPEC, LinkedItemDto, LinkedItemPageDto } from '../groups/dto/linked-item.dto';
import { ApiProblems } from './api-problems.decorator';
import { ListQueryDto } from './list-query.dto';
import { uuidParam } from './parse-uuid.pipe';

/*
 * Org units, groups, labels and applications all carry links (members, leaders, contacts, applications) with
 * the same three routes per kind, and answer the reverse look-up "what is X in". The routes themselves stay in
 * each controller (paths and handler names are the API); these pieces hold what they share.
 */

/** A uuid path parameter (400 naming it when malformed). */
export const uuidPath = (name: string) => Param(name, uuidParam(name));

/** `GET …/<kind>s`: the owner's links of one kind, a page. */
export const ListLinksRoute = (path: string, description?: string) =>
  applyDecorators(
    Get(path),
    RequireScopes('companies:read'),
    ApiOkResponse(description ? { type: LinkedItemPageDto, description } : { type: LinkedItemPageDto }),
    ApiProblems(400, 401, 403, 404),
  );

/** `POST …/<kind>s`: link one (409 when already linked). */
export const AddLinkRoute = (path: string) =>
  applyDecorators(
    Post(path),
    RequireScopes('companies:write'),
    ApiCreatedResponse({ type: LinkedItemDto }),
    ApiProblems(400, 401, 403, 404, 409),
  );

/** `DELETE …/<kind>s/{id}`: unlink one (204). */
export const RemoveLinkRoute = (path: string) =>
  applyDecorators(
    Delete(path),
    HttpCode(204),
    RequireScopes('companies:write'),
    ApiNoContentResponse(),
    ApiProblems(400, 401, 403, 404),
  );

/** `GET …/{subjectId}/<owners>`: the reverse look-up's route (see `listOf`); `type` is the page's DTO. */
export const ReverseLookupRoute = (path: string, type: Type<unknown>, description?: string) =>
  applyDecorators(
    Get(path),
    RequireScopes('companies:read'),
    ApiOkResponse(description ? { type, description } : { type }),
    ApiProblems(400, 401, 403, 404),
  );

/** The owner type's three link RPCs. */
export interface LinkContracts {
  list: RpcContract<ListLinksRequest, Page<LinkedItem>>;
  add: RpcContract<LinkRequest, LinkedItem>;
  remove: RpcContract<LinkRequest, { removed: true }>;
}

/** Sends one owner type's link requests to directory. */
export class LinkRequests {
  constructor(
    private readonly bus: BusClient,
    private readonly contracts: LinkContracts,
  ) {}

  list(companyId: string, ownerId: string, kind: LinkKind, query: ListQueryDto, meta: RequestMeta) {
    return this.bus.request(
      this.contracts.list,
      { companyId, ownerId, kind, query: parseListQuery(query, LINK_LIST_SPEC) },
      meta,
    );
  }

  add(companyId: string, ownerId: string, kind: LinkKind, targetId: string, meta: RequestMeta) {
    return this.bus.request(this.contracts.add, { companyId, ownerId, kind, targetId }, meta);
  }

  async remove(
    companyId: string,
    ownerId: string,
    kind: LinkKind,
    targetId: string,
    meta: RequestMeta,
  ): Promise<void> {
    await this.bus.request(this.contracts.remove, { companyId, ownerId, kind, targetId }, meta);
  }
}

/** The reverse look-up: the org units, groups, labels or applications a member, contact or application is in. */
export function listOf<Res>(
  bus: BusClient,
  contract: RpcContract<ReverseLookupRequest, Res>,
  spec: ListQuerySpec,
  subject: Pick<ReverseLookupRequest, 'companyId' | 'subjectKind' | 'subjectId'>,
  query: ListQueryDto,
  meta: RequestMeta,
): Promise<Res> {
  return bus.request(contract, { ...subject, query: parseListQuery(query, spec) }, meta);
}
