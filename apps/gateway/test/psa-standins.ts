import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';

/**
 * Local HTTP stand-ins of the three PSAs' REST APIs, started by the e2e tests. They speak the real URL
 * shapes, authentication and response bodies (trimmed to the fields Roster uses), refuse bad credentials
 * with 401 like the real APIs, and can be switched "down" (503 for everything) to test retries.
 */

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: any;
}

type Reply = [number, unknown];
type Handler = (m: RegExpMatchArray, q: URLSearchParams, body: any) => Reply;

abstract class StandIn {
  /** `down`: 503 for everything; `hang`: requests are held unanswered (a slow PSA) until `release()`. */
  mode: 'up' | 'down' | 'hang' = 'up';
  private held: Array<() => void> = [];
  readonly requests: RecordedRequest[] = [];
  private server?: Server;
  private routes: Array<[string, RegExp, Handler]> = [];
  url = '';

  protected route(method: string, pattern: RegExp, handler: Handler) {
    this.routes.push([method, pattern, handler]);
  }

  /** null when the request's credentials are good; otherwise the 401 body the real API would send. */
  protected abstract rejection(req: IncomingMessage): unknown;

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      let raw = '';
      req.on('data', (c: Buffer) => (raw += c.toString()));
      req.on('end', () => {
        const url = new URL(req.url ?? '/', 'http://stand-in');
        let body: any = null;
        try {
          body = raw ? JSON.parse(raw) : null;
        } catch {
          body = raw;
        }
        this.requests.push({
          method: req.method!,
          path: url.pathname,
          query: url.searchParams,
          headers: req.headers,
          body,
        });
        const send = ([status, payload]: Reply) => {
          res.writeHead(status, { 'Content-Type': 'application/json' });
          res.end(payload === undefined ? '' : JSON.stringify(payload));
        };
        if (this.mode === 'down')
          return send([503, { message: 'Service Unavailable: scheduled maintenance' }]);
        if (this.mode === 'hang') {
          this.held.push(() => send([503, { message: 'Gave up' }]));
          return;
        }
        const rejected = this.rejection(req);
        if (rejected) return send([401, rejected]);
        for (const [method, pattern, handler] of this.routes) {
          const m = url.pathname.match(pattern);
          if (method === req.method && m) {
            try {
              return send(handler(m, url.searchParams, body));
            } catch (error) {
              return send([400, { message: String(error) }]);
            }
          }
        }
        send([404, { message: `No route ${req.method} ${url.pathname}` }]);
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** Requests currently held by `hang`. */
  get hanging(): number {
    return this.held.length;
  }

  /** Answers held requests (503) and serves normally again. */
  release(): void {
    this.mode = 'up';
    for (const answer of this.held.splice(0)) answer();
  }

  async stop(): Promise<void> {
    this.release();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  /** Requests of one method whose path matches. */
  calls(method: string, path: RegExp): RecordedRequest[] {
    return this.requests.filter((r) => r.method === method && path.test(r.path));
  }
}

const like = (value: string, pattern: string | undefined) =>
  !pattern || value.toLowerCase().includes(pattern.toLowerCase());

// ---------------------------------------------------------------------------------------------------
// ConnectWise Manage
// ---------------------------------------------------------------------------------------------------

export class ConnectwiseStandIn extends StandIn {
  static readonly CREDENTIALS = { companyId: 'rostermsp', publicKey: 'pubKEY123', privateKey: 'privKEY456' };
  companies = [
    { id: 250, identifier: 'AcmeCorp', name: 'Acme Corporation', types: [{ id: 1, name: 'Client' }] },
    { id: 251, identifier: 'Globex', name: 'Globex Industries', types: [{ id: 1, name: 'Client' }] },
    { id: 252, identifier: 'Initech', name: 'Initech LLC', types: [{ id: 2, name: 'Prospect' }] },
    { id: 253, identifier: 'Umbrella', name: 'Umbrella Health', types: [{ id: 1, name: 'Client' }] },
  ];
  types = [
    { id: 1, name: 'Client' },
    { id: 2, name: 'Prospect' },
    { id: 3, name: 'Vendor' },
  ];
  agreements = [
    {
      id: 7001,
      name: 'Acme Managed Services',
      company: { id: 250, identifier: 'AcmeCorp' },
      agreementStatus: 'Active',
    },
    {
      id: 7002,
      name: 'Globex Managed Services',
      company: { id: 251, identifier: 'Globex' },
      agreementStatus: 'Active',
    },
  ];
  additions: Record<
    number,
    Array<{ id: number; product: { id: number; identifier: string }; quantity: number }>
  > = {
    7001: [{ id: 9001, product: { id: 31, identifier: 'Roster Seat' }, quantity: 1 }],
    7002: [{ id: 9002, product: { id: 31, identifier: 'Roster Seat' }, quantity: 1 }],
  };
  tickets = new Map<
    number,
    { id: number; summary: string; company: { id: number }; closedFlag: boolean; [k: string]: unknown }
  >();
  private nextTicket = 40_000;

  constructor() {
    super();
    const api = '/v4_6_release/apis/3.0';
    const page = <T>(rows: T[], q: URLSearchParams): T[] => {
      const size = Number(q.get('pageSize') ?? 25);
      const n = Number(q.get('page') ?? 1);
      return rows.slice((n - 1) * size, n * size);
    };
    const nameLike = (q: URLSearchParams) => /name like "%(.*)%"/.exec(q.get('conditions') ?? '')?.[1];
    this.route('GET', new RegExp(`^${api}/system/info$`), () => [
      200,
      { version: 'v2024.1.97041', isCloud: true, serverTimeZone: 'Eastern Standard Time', cloudRegion: 'NA' },
    ]);
    this.route('GET', new RegExp(`^${api}/company/companies$`), (_, q) => {
      const typeIds = /types\/id in \(([\d,]+)\)/
        .exec(q.get('childConditions') ?? '')?.[1]
        ?.split(',')
        .map(Number);
      const rows = this.companies.filter(
        (c) => like(c.name, nameLike(q)) && (!typeIds || c.types.some((t) => typeIds.includes(t.id))),
      );
      return [200, page(rows, q)];
    });
    this.route('GET', new RegExp(`^${api}/company/companies/(\\d+)$`), (m) => {
      const c = this.companies.find((x) => x.id === Number(m[1]));
      return c ? [200, c] : [404, { code: 'NotFound', message: 'Company not found' }];
    });
    this.route('GET', new RegExp(`^${api}/company/companies/types$`), (_, q) => [200, page(this.types, q)]);
    this.route('GET', new RegExp(`^${api}/finance/agreements$`), (_, q) => {
      const company = /company\/id=(\d+)/.exec(q.get('conditions') ?? '')?.[1];
      return [
        200,
        page(
          this.agreements.filter((a) => !company || a.company.id === Number(company)),
          q,
        ),
      ];
    });
    this.route('GET', new RegExp(`^${api}/finance/agreements/(\\d+)/additions$`), (m, q) =>
      this.additions[Number(m[1])]
        ? [200, page(this.additions[Number(m[1])], q)]
        : [404, { code: 'NotFound', message: 'Agreement not found' }],
    );
    this.route('GET', new RegExp(`^${api}/finance/agreements/(\\d+)$`), (m) => {
      const a = this.agreements.find((x) => x.id === Number(m[1]));
      return a ? [200, a] : [404, { code: 'NotFound', message: 'Agreement not found' }];
    });
    this.route('GET', new RegExp(`^${api}/finance/agreements/(\\d+)/additions/(\\d+)$`), (m) => {
      const addition = this.additions[Number(m[1])]?.find((a) => a.id === Number(m[2]));
      return addition ? [200, addition] : [404, { code: 'NotFound', message: 'Addition not found' }];
    });
    this.route('PATCH', new RegExp(`^${api}/finance/agreements/(\\d+)/additions/(\\d+)$`), (m, _q, body) => {
      const addition = this.additions[Number(m[1])]?.find((a) => a.id === Number(m[2]));
      if (!addition) return [404, { code: 'NotFound', message: 'Addition not found' }];
      for (const op of body as Array<{ op: string; path: string; value: number }>)
        if (op.op === 'replace' && op.path === 'quantity') addition.quantity = op.value;
      return [200, addition];
    });
    this.route('GET', new RegExp(`^${api}/service/boards$`), () => [
      200,
      [
        { id: 1, name: 'Help Desk' },
        { id: 2, name: 'Security' },
      ],
    ]);
    this.route('GET', new RegExp(`^${api}/service/sources$`), () => [
      200,
      [
        { id: 4, name: 'Roster' },
        { id: 2, name: 'Email' },
      ],
    ]);
    this.route('GET', new RegExp(`^${api}/service/priorities$`), () => [
      200,
      [
        { id: 8, name: 'Priority 1 - Critical' },
        { id: 4, name: 'Priority 3 - Normal' },
      ],
    ]);
    this.route('GET', new RegExp(`^${api}/service/boards/(\\d+)/statuses$`), () => [
      200,
      [
        { id: 11, name: 'New' },
        { id: 12, name: 'Closed' },
      ],
    ]);
    this.route('POST', new RegExp(`^${api}/service/tickets$`), (_m, _q, body) => {
      if (!body?.summary || !body?.company?.id)
        return [400, { code: 'InvalidObject', message: 'summary and company are required' }];
      const ticket = { ...body, id: ++this.nextTicket, closedFlag: false };
      this.tickets.set(ticket.id, ticket);
      return [201, ticket];
    });
    this.route('GET', new RegExp(`^${api}/service/tickets/(\\d+)$`), (m) => {
      const t = this.tickets.get(Number(m[1]));
      return t ? [200, t] : [404, { code: 'NotFound', message: 'Ticket not found' }];
    });
    this.route('POST', new RegExp(`^${api}/service/tickets/(\\d+)/notes$`), (m, _q, body) => [
      201,
      { id: 1, ticketId: Number(m[1]), ...body },
    ]);
  }

  protected rejection(req: IncomingMessage) {
    const { companyId, publicKey, privateKey } = ConnectwiseStandIn.CREDENTIALS;
    const expected = `Basic ${Buffer.from(`${companyId}+${publicKey}:${privateKey}`).toString('base64')}`;
    if (req.headers.authorization !== expected)
      return { code: 'Unauthorized', message: 'The API member public and private key pair is not valid' };
    if (!req.headers.clientid) return { code: 'Unauthorized', message: 'clientId header is required' };
    return null;
  }

  additionQuantity(agreementId: number, additionId: number): number | undefined {
    return this.additions[agreementId]?.find((a) => a.id === additionId)?.quantity;
  }
}

// ---------------------------------------------------------------------------------------------------
// Autotask
// ---------------------------------------------------------------------------------------------------

interface AtFilter {
  op: string;
  field: string;
  value?: any;
}
function matches(row: Record<string, any>, filters: AtFilter[]): boolean {
  return filters.every((f) => {
    const v = row[f.field];
    switch (f.op) {
      case 'eq':
        return v === f.value;
      case 'gte':
        return v >= f.value;
      case 'contains':
        return String(v).toLowerCase().includes(String(f.value).toLowerCase());
      case 'in':
        return (f.value as unknown[]).includes(v);
      default:
        throw new Error(`unsupported op ${f.op}`);
    }
  });
}

export class AutotaskStandIn extends StandIn {
  static readonly CREDENTIALS = {
    username: 'api@rostermsp.example',
    secret: 'at-s3cret',
    integrationCode: 'ROSTERTRACK',
  };
  companies = [
    { id: 29683501, companyName: 'Acme Corporation', companyType: 1, isActive: true },
    { id: 29683502, companyName: 'Globex Industries', companyType: 1, isActive: true },
    { id: 29683503, companyName: 'Initech', companyType: 3, isActive: true },
  ];
  contracts = [{ id: 29684001, contractName: 'Acme Per-Seat', companyID: 29683501, status: 1 }];
  services = [{ id: 29685001, contractID: 29684001, serviceID: 77, invoiceDescription: 'Roster seat' }];
  units = [
    {
      id: 1,
      contractServiceID: 29685001,
      units: 3,
      startDate: '2000-01-01T00:00:00Z',
      endDate: '2100-01-01T00:00:00Z',
    },
  ];
  adjustments: any[] = [];
  tickets = new Map<number, { id: number; status: number; [k: string]: unknown }>();
  private nextTicket = 7_300_000;

  constructor() {
    super();
    const v = '/ATServicesRest/V1.0';
    const query = (entity: string, rows: () => Array<Record<string, any>>) => {
      const run = (filter: AtFilter[], max: number, offset: number): Reply => {
        const all = rows().filter((r) => matches(r, filter));
        const items = all.slice(offset, offset + max);
        const next =
          offset + max < all.length
            ? `${this.url}${v}/${entity}/query/next?paging=${Buffer.from(JSON.stringify({ filter, max, offset: offset + max })).toString('base64url')}`
            : null;
        return [
          200,
          {
            items,
            pageDetails: { count: items.length, requestCount: max, prevPageUrl: null, nextPageUrl: next },
          },
        ];
      };
      this.route('POST', new RegExp(`^${v}/${entity}/query$`), (_m, _q, body) =>
        run(body.filter ?? [], body.MaxRecords ?? 500, 0),
      );
      this.route('GET', new RegExp(`^${v}/${entity}/query/next$`), (_m, q) => {
        const p = JSON.parse(Buffer.from(q.get('paging')!, 'base64url').toString());
        return run(p.filter, p.max, p.offset);
      });
    };
    this.route('GET', new RegExp(`^${v}/ThresholdInformation$`), () => [
      200,
      { externalRequestThreshold: 10000, requestThresholdTimeframe: 60, currentTimeframeRequestCount: 1 },
    ]);
    query('Companies', () => this.companies);
    query('Contracts', () => this.contracts);
    query('ContractServices', () => this.services);
    query('ContractServiceUnits', () => this.units);
    query('Resources', () => [{ id: 29682885, firstName: 'Ada', lastName: 'Tech', isActive: true }]);
    query('Roles', () => [{ id: 29683461, name: 'Engineer', isActive: true }]);
    this.route('GET', new RegExp(`^${v}/Companies/(\\d+)$`), (m) => [
      200,
      { item: this.companies.find((c) => c.id === Number(m[1])) ?? null },
    ]);
    this.route('GET', new RegExp(`^${v}/Companies/entityInformation/fields$`), () => [
      200,
      {
        fields: [
          {
            name: 'companyType',
            dataType: 'short',
            isPickList: true,
            picklistValues: [
              { value: '1', label: 'Customer', isActive: true },
              { value: '2', label: 'Lead', isActive: true },
              { value: '3', label: 'Prospect', isActive: true },
            ],
          },
        ],
      },
    ]);
    this.route('GET', new RegExp(`^${v}/Tickets/entityInformation/fields$`), () => [
      200,
      {
        fields: [
          {
            name: 'queueID',
            picklistValues: [{ value: '29682833', label: 'Client Portal', isActive: true }],
          },
          { name: 'source', picklistValues: [{ value: '4', label: 'Monitoring Alert', isActive: true }] },
          {
            name: 'status',
            picklistValues: [
              { value: '1', label: 'New', isActive: true },
              { value: '5', label: 'Complete', isActive: true },
            ],
          },
          {
            name: 'priority',
            picklistValues: [
              { value: '1', label: 'High', isActive: true },
              { value: '2', label: 'Medium', isActive: true },
            ],
          },
        ],
      },
    ]);
    this.route('POST', new RegExp(`^${v}/ContractServiceAdjustments$`), (_m, _q, body) => {
      const unit = this.units.find((u) => u.contractServiceID === body.contractServiceID);
      if (!unit) return [500, { errors: ['Contract service not found'] }];
      unit.units += body.unitChange;
      this.adjustments.push(body);
      return [200, { itemId: this.adjustments.length }];
    });
    this.route('POST', new RegExp(`^${v}/Tickets$`), (_m, _q, body) => {
      if (!body.companyID || !body.title) return [500, { errors: ['companyID and title are required'] }];
      const id = ++this.nextTicket;
      this.tickets.set(id, { ...body, id, status: body.status ?? 1 });
      return [200, { itemId: id }];
    });
    this.route('GET', new RegExp(`^${v}/Tickets/(\\d+)$`), (m) => [
      200,
      { item: this.tickets.get(Number(m[1])) ?? null },
    ]);
    this.route('POST', new RegExp(`^${v}/Tickets/(\\d+)/Notes$`), () => [200, { itemId: 1 }]);
  }

  protected rejection(req: IncomingMessage) {
    const c = AutotaskStandIn.CREDENTIALS;
    if (req.headers.username !== c.username || req.headers.secret !== c.secret)
      return { errors: ['Unauthorized: the user name or secret is not valid for this zone'] };
    if (!req.headers.apiintegrationcode) return { errors: ['Missing ApiIntegrationcode header'] };
    return null;
  }

  unitsOf(contractServiceId: number): number | undefined {
    return this.units.find((u) => u.contractServiceID === contractServiceId)?.units;
  }
}

// ---------------------------------------------------------------------------------------------------
// Syncro
// ---------------------------------------------------------------------------------------------------

export class SyncroStandIn extends StandIn {
  static readonly API_TOKEN = 'T3e5b1c0ffee-syncro';
  customers = [
    { id: 31001, business_name: 'Acme Corporation', firstname: 'Wile', lastname: 'Coyote' },
    { id: 31002, business_name: 'Globex Industries', firstname: 'Hank', lastname: 'Scorpio' },
    { id: 31003, business_name: null, firstname: 'Solo', lastname: 'Person' },
  ];
  schedules = [
    {
      id: 5501,
      name: 'Acme monthly',
      customer_id: 31001,
      line_items: [{ id: 88001, name: 'Roster seat', quantity: 2 }],
    },
  ];
  tickets = new Map<number, { id: number; status: string; [k: string]: unknown }>();
  private nextTicket = 1200;

  constructor() {
    super();
    const v = '/api/v1';
    const paged = <T>(rows: T[], q: URLSearchParams) => {
      const per = Number(q.get('per_page') ?? 25);
      const page = Number(q.get('page') ?? 1);
      return {
        rows: rows.slice((page - 1) * per, page * per),
        meta: {
          total_pages: Math.max(1, Math.ceil(rows.length / per)),
          total_entries: rows.length,
          per_page: per,
          page,
        },
      };
    };
    this.route('GET', new RegExp(`^${v}/me$`), () => [
      200,
      { user_id: 1, user_name: 'Roster API', subdomain: 'rostermsp' },
    ]);
    this.route('GET', new RegExp(`^${v}/customers$`), (_m, q) => {
      const rows = this.customers.filter((c) =>
        like(`${c.business_name ?? ''} ${c.firstname} ${c.lastname}`, q.get('query') ?? undefined),
      );
      const { rows: customers, meta } = paged(rows, q);
      return [200, { customers, meta }];
    });
    this.route('GET', new RegExp(`^${v}/customers/(\\d+)$`), (m) => {
      const customer = this.customers.find((c) => c.id === Number(m[1]));
      return customer ? [200, { customer }] : [404, { error: 'Not found' }];
    });
    this.route('GET', new RegExp(`^${v}/schedules$`), (_m, q) => {
      const customer = q.get('customer_id');
      const { rows: schedules, meta } = paged(
        this.schedules.filter((s) => !customer || s.customer_id === Number(customer)),
        q,
      );
      return [200, { schedules, meta }];
    });
    this.route('GET', new RegExp(`^${v}/schedules/(\\d+)$`), (m) => {
      const schedule = this.schedules.find((s) => s.id === Number(m[1]));
      return schedule ? [200, { schedule }] : [404, { error: 'Schedule not found' }];
    });
    this.route('PUT', new RegExp(`^${v}/schedules/(\\d+)$`), (m, _q, body) => {
      const schedule = this.schedules.find((s) => s.id === Number(m[1]));
      if (!schedule) return [404, { error: 'Schedule not found' }];
      for (const attrs of body.line_items_attributes ?? []) {
        const item = schedule.line_items.find((l) => l.id === attrs.id);
        if (!item) return [422, { error: `Line item ${attrs.id} not found` }];
        item.quantity = attrs.quantity;
      }
      return [200, { schedule }];
    });
    this.route('GET', new RegExp(`^${v}/tickets/settings$`), () => [
      200,
      {
        problem_types: ['Security', 'Billing', 'Other'],
        ticket_status_list: ['New', 'In Progress', 'Resolved'],
        priorities: ['0 Urgent', '1 High', '2 Normal'],
      },
    ]);
    this.route('GET', new RegExp(`^${v}/users$`), () => [200, { users: [[7, 'Tess Tech']] }]);
    this.route('POST', new RegExp(`^${v}/tickets$`), (_m, _q, body) => {
      if (!body.customer_id || !body.subject)
        return [422, { error: ['customer_id and subject are required'] }];
      const id = ++this.nextTicket;
      const ticket = { ...body, id, number: id, status: body.status ?? 'New' };
      this.tickets.set(id, ticket);
      return [200, { ticket }];
    });
    this.route('GET', new RegExp(`^${v}/tickets/(\\d+)$`), (m) => {
      const t = this.tickets.get(Number(m[1]));
      return t ? [200, { ticket: t }] : [404, { error: 'Not found' }];
    });
    this.route('POST', new RegExp(`^${v}/tickets/(\\d+)/comment$`), () => [200, { comment: { id: 1 } }]);
  }

  protected rejection(req: IncomingMessage) {
    return req.headers.authorization === `Bearer ${SyncroStandIn.API_TOKEN}`
      ? null
      : { error: 'Invalid API key' };
  }

  lineItemQuantity(scheduleId: number, lineItemId: number): number | undefined {
    return this.schedules.find((s) => s.id === scheduleId)?.line_items.find((l) => l.id === lineItemId)
      ?.quantity;
  }
}
