import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import {
  AppError,
  CompanyRecipeRequest,
  CreateRecipeRequest,
  EventContract,
  EventEnvelope,
  FieldError,
  ListRecipeRunsRequest,
  ListRecipesRequest,
  Page,
  RecipeAction,
  RecipeChangedData,
  RecipeCondition,
  RecipeCreated,
  RecipeDeleted,
  RecipeResponse,
  RecipeRunRequest,
  RecipeRunResponse,
  RecipeStepResponse,
  RunRecipeRequest,
  RecipeUpdated,
  UpdateRecipeRequest,
} from '@roster/contracts';
import { BusClient, eventMetaOf, OutboxService, RequestMeta } from '@roster/messaging';
import { applyListQuery, preparedQuery } from '@roster/persistence';
import { requireCompanyManager } from '../webhooks/company-access';
import { redact } from '../webhooks/event-payload';
import { conditionsHold } from './conditions';

export const MAX_RECIPES_PER_COMPANY = 100;

interface RecipeRow {
  id: string;
  company_id: string;
  name: string;
  event_type: string;
  conditions: RecipeCondition[];
  actions: RecipeAction[];
  enabled: boolean;
  created_at: Date;
  updated_at: Date;
}

interface RunRow {
  id: string;
  recipe_id: string;
  trigger: 'event' | 'manual';
  event_id: string | null;
  status: 'pending' | 'succeeded' | 'failed';
  steps: RecipeStepResponse[];
  created_at: Date;
  finished_at: Date | null;
}

const RECIPE_COLUMNS = {
  createdAt: 'r.created_at',
  name: 'r.name',
  eventType: 'r.event_type',
  enabled: 'r.enabled',
};
const RUN_COLUMNS = { createdAt: 'x.created_at', status: 'x.status', trigger: 'x.trigger' };

function toRecipe(row: RecipeRow): RecipeResponse {
  return {
    id: row.id,
    companyId: row.company_id,
    name: row.name,
    eventType: row.event_type,
    conditions: row.conditions,
    actions: row.actions,
    enabled: row.enabled,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

function toRun(row: RunRow): RecipeRunResponse {
  return {
    id: row.id,
    recipeId: row.recipe_id,
    trigger: row.trigger,
    eventId: row.event_id,
    status: row.status,
    steps: row.steps,
    createdAt: new Date(row.created_at).toISOString(),
    finishedAt: row.finished_at ? new Date(row.finished_at).toISOString() : null,
  };
}

/** Only the fields the action's type uses, so a stored recipe says exactly what it does. */
const ACTION_FIELDS: Record<
  RecipeAction['type'],
  { required: (keyof RecipeAction)[]; optional: (keyof RecipeAction)[] }
> = {
  psa_ticket: { required: ['summary'], optional: ['description', 'psaType', 'ticketId'] },
  webhook: { required: ['endpointId'], optional: [] },
  email: { required: ['to', 'subject', 'body'], optional: [] },
  group_add_member: { required: ['groupId'], optional: ['userField'] },
  group_remove_member: { required: ['groupId'], optional: ['userField'] },
};

/** The names (never the values) of the fields an update changed. */
function changedFields(before: RecipeRow, after: RecipeRow): string[] {
  const fields: [string, keyof RecipeRow][] = [
    ['name', 'name'],
    ['eventType', 'event_type'],
    ['conditions', 'conditions'],
    ['actions', 'actions'],
    ['enabled', 'enabled'],
  ];
  return fields
    .filter(([, column]) => JSON.stringify(before[column]) !== JSON.stringify(after[column]))
    .map(([name]) => name);
}

@Injectable()
export class RecipesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly bus: BusClient,
    private readonly outbox: OutboxService,
  ) {}

  /** Announces a change to a recipe (audit log), in the change's transaction. */
  private async announce(
    manager: EntityManager,
    event: EventContract<RecipeChangedData>,
    row: RecipeRow,
    meta: RequestMeta,
    changed: string[] = [],
  ): Promise<void> {
    await this.outbox.add(
      manager,
      event,
      {
        recipeId: row.id,
        companyId: row.company_id,
        name: row.name,
        eventType: row.event_type,
        enabled: row.enabled,
        changed,
      },
      eventMetaOf(meta, row.company_id),
    );
  }

  private async normalizeActions(companyId: string, actions: RecipeAction[]): Promise<RecipeAction[]> {
    const errors: FieldError[] = [];
    const normalized = actions.map((action, i) => {
      const spec = ACTION_FIELDS[action.type];
      const out: Record<string, unknown> = { type: action.type };
      for (const field of spec.required) {
        if (action[field] === undefined || action[field] === '')
          errors.push({ field: `actions.${i}.${field}`, message: `${field} is required for ${action.type}` });
        else out[field] = action[field];
      }
      for (const field of spec.optional) if (action[field] !== undefined) out[field] = action[field];
      return out as unknown as RecipeAction;
    });
    for (const [i, action] of normalized.entries()) {
      if (action.type !== 'webhook' || !action.endpointId) continue;
      const found: unknown[] = await this.dataSource.query(
        `SELECT 1 FROM webhook_endpoints WHERE id = $1 AND company_id = $2`,
        [action.endpointId, companyId],
      );
      if (!found.length)
        errors.push({ field: `actions.${i}.endpointId`, message: 'no such webhook endpoint' });
    }
    if (errors.length) throw new AppError('VALIDATION_FAILED', 'The recipe actions are not valid', errors);
    return normalized;
  }

  private async recipe(companyId: string, recipeId: string): Promise<RecipeRow> {
    const [row]: RecipeRow[] = await this.dataSource.query(
      `SELECT * FROM recipes WHERE id = $1 AND company_id = $2`,
      [recipeId, companyId],
    );
    if (!row) throw new AppError('NOT_FOUND', 'No such recipe');
    return row;
  }

  async create(request: CreateRecipeRequest, meta: RequestMeta): Promise<RecipeResponse> {
    await requireCompanyManager(this.bus, request.companyId, meta);
    const actions = await this.normalizeActions(request.companyId, request.actions);
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`recipes:${request.companyId}`]);
      const [{ n }] = await manager.query<Array<{ n: number }>>(
        `SELECT COUNT(*)::int AS n FROM recipes WHERE company_id = $1`,
        [request.companyId],
      );
      if (n >= MAX_RECIPES_PER_COMPANY)
        throw new AppError('CONFLICT', `A company has at most ${MAX_RECIPES_PER_COMPANY} recipes`);
      const [row]: RecipeRow[] = await manager.query(
        `INSERT INTO recipes (id, company_id, name, event_type, conditions, actions, enabled)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`,
        [
          randomUUID(),
          request.companyId,
          request.name,
          request.eventType,
          JSON.stringify(request.conditions ?? []),
          JSON.stringify(actions),
          request.enabled ?? true,
        ],
      );
      await this.announce(manager, RecipeCreated, row, meta);
      return toRecipe(row);
    });
  }

  async update(request: UpdateRecipeRequest, meta: RequestMeta): Promise<RecipeResponse> {
    await requireCompanyManager(this.bus, request.companyId, meta);
    const current = await this.recipe(request.companyId, request.recipeId);
    const actions = request.actions
      ? await this.normalizeActions(request.companyId, request.actions)
      : current.actions;
    const row = await this.dataSource.transaction(async (manager) => {
      const [[updated]] = await manager.query<[RecipeRow[], number]>(
        `UPDATE recipes SET name = $2, event_type = $3, conditions = $4, actions = $5, enabled = $6, updated_at = now()
         WHERE id = $1 RETURNING *`,
        [
          current.id,
          request.name ?? current.name,
          request.eventType ?? current.event_type,
          JSON.stringify(request.conditions ?? current.conditions),
          JSON.stringify(actions),
          request.enabled ?? current.enabled,
        ],
      );
      if (!updated) throw new AppError('NOT_FOUND', 'No such recipe');
      await this.announce(manager, RecipeUpdated, updated, meta, changedFields(current, updated));
      return updated;
    });
    return toRecipe(row);
  }

  async list(request: ListRecipesRequest, meta: RequestMeta): Promise<Page<RecipeResponse>> {
    await requireCompanyManager(this.bus, request.companyId, meta);
    const base = this.dataSource
      .createQueryBuilder()
      .from('recipes', 'r')
      .where('r.company_id = :companyId', { companyId: request.companyId });
    const { n } = (await base.clone().select('COUNT(*)::int', 'n').getRawOne<{ n: number }>())!;
    const rows = await applyListQuery(
      base.select('r.*'),
      request.query,
      RECIPE_COLUMNS,
      'r.id',
    ).getRawMany<RecipeRow>();
    return { items: rows.map(toRecipe), total: n, limit: request.query.limit, skip: request.query.skip };
  }

  async get(request: CompanyRecipeRequest, meta: RequestMeta): Promise<RecipeResponse> {
    await requireCompanyManager(this.bus, request.companyId, meta);
    return toRecipe(await this.recipe(request.companyId, request.recipeId));
  }

  async delete(request: CompanyRecipeRequest, meta: RequestMeta): Promise<{ deleted: true }> {
    await requireCompanyManager(this.bus, request.companyId, meta);
    await this.dataSource.transaction(async (manager) => {
      const [[deleted]] = await manager.query<[RecipeRow[], number]>(
        `DELETE FROM recipes WHERE id = $1 AND company_id = $2 RETURNING *`,
        [request.recipeId, request.companyId],
      );
      if (!deleted) throw new AppError('NOT_FOUND', 'No such recipe');
      await this.announce(manager, RecipeDeleted, deleted, meta);
    });
    return { deleted: true };
  }

  /** Queues a run now with a sample event (`data`), whether or not the recipe is enabled; conditions are skipped. */
  async run(request: RunRecipeRequest, meta: RequestMeta): Promise<RecipeRunResponse> {
    await requireCompanyManager(this.bus, request.companyId, meta);
    const recipe = await this.recipe(request.companyId, request.recipeId);
    const event = {
      type: recipe.event_type,
      eventId: null,
      occurredAt: new Date().toISOString(),
      tenantId: recipe.company_id,
      actor: meta.actor,
      data: redact(request.data ?? {}),
    };
    const [row]: RunRow[] = await this.dataSource.query(
      `INSERT INTO recipe_runs (id, recipe_id, company_id, trigger, event_id, event) VALUES ($1, $2, $3, 'manual', NULL, $4)
       RETURNING *`,
      [randomUUID(), recipe.id, recipe.company_id, JSON.stringify(event)],
    );
    return toRun(row);
  }

  async listRuns(request: ListRecipeRunsRequest, meta: RequestMeta): Promise<Page<RecipeRunResponse>> {
    await requireCompanyManager(this.bus, request.companyId, meta);
    await this.recipe(request.companyId, request.recipeId);
    const base = this.dataSource
      .createQueryBuilder()
      .from('recipe_runs', 'x')
      .where('x.recipe_id = :recipeId', { recipeId: request.recipeId });
    const { n } = (await base.clone().select('COUNT(*)::int', 'n').getRawOne<{ n: number }>())!;
    const rows = await applyListQuery(
      base.select('x.*'),
      request.query,
      RUN_COLUMNS,
      'x.id',
    ).getRawMany<RunRow>();
    return { items: rows.map(toRun), total: n, limit: request.query.limit, skip: request.query.skip };
  }

  async getRun(request: RecipeRunRequest, meta: RequestMeta): Promise<RecipeRunResponse> {
    await requireCompanyManager(this.bus, request.companyId, meta);
    const [row]: RunRow[] = await this.dataSource.query(
      `SELECT * FROM recipe_runs WHERE id = $1 AND recipe_id = $2 AND company_id = $3`,
      [request.runId, request.recipeId, request.companyId],
    );
    if (!row) throw new AppError('NOT_FOUND', 'No such recipe run');
    return toRun(row);
  }

  /** From the fan-out: a run for each enabled recipe of the company whose event type and conditions match. */
  async trigger(event: EventEnvelope, manager: EntityManager): Promise<number> {
    if (!event.tenantId) return 0;
    // Prepared (once per connection): this runs for every event of every context.
    const recipes = await preparedQuery<Pick<RecipeRow, 'id' | 'company_id' | 'conditions'>>(
      manager,
      'integrations.recipes-for-event',
      `SELECT id, company_id, conditions FROM recipes WHERE company_id = $1 AND event_type = $2 AND enabled`,
      [event.tenantId, event.type],
    );
    const stored = {
      type: event.type,
      eventId: event.eventId,
      occurredAt: event.occurredAt,
      tenantId: event.tenantId,
      actor: event.actor,
      data: redact(event.data),
    };
    let queued = 0;
    for (const recipe of recipes) {
      if (!conditionsHold(recipe.conditions, stored)) continue;
      await manager.query(
        `INSERT INTO recipe_runs (id, recipe_id, company_id, trigger, event_id, event) VALUES ($1, $2, $3, 'event', $4, $5)
         ON CONFLICT (recipe_id, event_id) DO NOTHING`,
        [randomUUID(), recipe.id, recipe.company_id, event.eventId, JSON.stringify(stored)],
      );
      queued += 1;
    }
    return queued;
  }
}
