import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';

/**
 * Guards the deployment manifests: what kustomize renders for base and every overlay, and docker-compose.yml.
 * These checks catch the mistakes that only show up once a cluster runs the pods (missing probes, a probe on
 * the wrong port, a Secret or ConfigMap reference that does not exist, a real password committed to base).
 */

const deployDir = join(__dirname, '..');
const repoRoot = join(deployDir, '..');
const APPS = ['gateway', 'auth', 'directory', 'billing', 'integrations'] as const;

// Loose shapes: only the fields these checks read.
interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
  [field: string]: unknown;
}
interface Probe {
  httpGet?: { path?: string; port?: number | string };
}
interface Container {
  name: string;
  image?: string;
  ports?: Array<{ name?: string; containerPort: number }>;
  readinessProbe?: Probe;
  livenessProbe?: Probe;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: {
    runAsNonRoot?: boolean;
    readOnlyRootFilesystem?: boolean;
    allowPrivilegeEscalation?: boolean;
  };
  env?: Array<{ name: string; valueFrom?: { secretKeyRef?: KeyRef; configMapKeyRef?: KeyRef } }>;
  envFrom?: Array<{
    configMapRef?: { name: string; optional?: boolean };
    secretRef?: { name: string; optional?: boolean };
  }>;
  volumeMounts?: Array<{ name: string; mountPath: string }>;
}
interface KeyRef {
  name: string;
  key: string;
  optional?: boolean;
}
interface PodSpec {
  containers: Container[];
  volumes?: Array<{ name: string; emptyDir?: object }>;
}
interface Deployment extends K8sObject {
  spec: { template: { metadata: { labels: Record<string, string> }; spec: PodSpec } };
}
interface Service extends K8sObject {
  spec: { selector?: Record<string, string>; ports: Array<{ port: number; targetPort?: number | string }> };
}
interface ConfigOrSecret extends K8sObject {
  data?: Record<string, string>;
  stringData?: Record<string, string>;
}

const KUBECTL_MISSING =
  'kubectl is not on the PATH, so the kustomize manifests cannot be rendered and checked. Install it ' +
  '(Debian/Ubuntu: `apt-get install kubectl` from the Kubernetes apt repository, or `apt-get install kubernetes-client`) ' +
  'and run the tests again.';

function kubectlMissingReason(): string | undefined {
  try {
    execFileSync('kubectl', ['version', '--client'], { stdio: 'ignore' });
    return undefined;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT'
      ? KUBECTL_MISSING
      : `kubectl failed to run: ${String(error)}`;
  }
}

function render(dir: string): K8sObject[] {
  const output = execFileSync('kubectl', ['kustomize', dir], {
    encoding: 'utf8',
    maxBuffer: 32 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return parseAllDocuments(output).flatMap((doc) => {
    if (doc.errors.length > 0)
      throw new Error(`kustomize output for ${dir} is not valid YAML: ${doc.errors[0].message}`);
    const value = doc.toJS() as K8sObject | null;
    return value ? [value] : [];
  });
}

const overlays = readdirSync(join(deployDir, 'overlays'), { withFileTypes: true })
  .filter(
    (entry) =>
      entry.isDirectory() && existsSync(join(deployDir, 'overlays', entry.name, 'kustomization.yaml')),
  )
  .map((entry) => join('overlays', entry.name));
const targets = ['base', ...overlays];

const isPlaceholder = (value: string) => /CHANGE_ME|placeholder/i.test(value);

function portMatches(container: Container, port: number | string | undefined): boolean {
  return (container.ports ?? []).some((p) => p.name === port || p.containerPort === port);
}

describe('kubectl', () => {
  it('is installed (the kustomize checks below need it)', () => {
    const reason = kubectlMissingReason();
    if (reason) throw new Error(reason);
  });
});

describe.each(targets)('kustomize render of deploy/%s', (target) => {
  let objects: K8sObject[] = [];
  const find = <T extends K8sObject>(kind: string, name: string) =>
    objects.find((o) => o.kind === kind && o.metadata.name === name) as T | undefined;

  beforeAll(() => {
    // Fails every test in this block with the install hint instead of skipping them.
    const reason = kubectlMissingReason();
    if (reason) throw new Error(reason);
    objects = render(join(deployDir, target));
  });

  it('renders objects', () => {
    expect(objects.length).toBeGreaterThan(0);
  });

  describe.each(APPS)('%s', (app) => {
    const deployment = () => {
      const found = objects.find(
        (o) => o.kind === 'Deployment' && o.metadata.labels?.['app.kubernetes.io/name'] === app,
      ) as Deployment | undefined;
      if (!found) throw new Error(`no Deployment labelled app.kubernetes.io/name=${app} in deploy/${target}`);
      return found;
    };

    it('has a Deployment labelled as part of roster', () => {
      expect(deployment().metadata.labels?.['app.kubernetes.io/part-of']).toBe('roster');
      expect(deployment().spec.template.metadata.labels['app.kubernetes.io/name']).toBe(app);
    });

    it('probes readiness on /health/ready and liveness on /health/live, on a declared port', () => {
      const { containers } = deployment().spec.template.spec;
      expect(containers.length).toBeGreaterThan(0);
      for (const c of containers) {
        expect({ container: c.name, ready: c.readinessProbe?.httpGet?.path }).toEqual({
          container: c.name,
          ready: '/health/ready',
        });
        expect({ container: c.name, live: c.livenessProbe?.httpGet?.path }).toEqual({
          container: c.name,
          live: '/health/live',
        });
        expect(portMatches(c, c.readinessProbe?.httpGet?.port)).toBe(true);
        expect(portMatches(c, c.livenessProbe?.httpGet?.port)).toBe(true);
      }
    });

    it('sets CPU and memory requests and limits', () => {
      for (const c of deployment().spec.template.spec.containers) {
        expect(c.resources?.requests).toEqual(
          expect.objectContaining({ cpu: expect.anything(), memory: expect.anything() }),
        );
        expect(c.resources?.limits).toEqual(
          expect.objectContaining({ cpu: expect.anything(), memory: expect.anything() }),
        );
      }
    });

    it('runs as non-root on a read-only root filesystem without privilege escalation, with a writable /tmp', () => {
      const { containers, volumes = [] } = deployment().spec.template.spec;
      for (const c of containers) {
        expect(c.securityContext).toEqual(
          expect.objectContaining({
            runAsNonRoot: true,
            readOnlyRootFilesystem: true,
            allowPrivilegeEscalation: false,
          }),
        );
        const tmp = c.volumeMounts?.find((m) => m.mountPath === '/tmp');
        expect(tmp).toBeDefined();
        expect(volumes.find((v) => v.name === tmp?.name)?.emptyDir).toBeDefined();
      }
    });

    it('references only ConfigMaps, Secrets and keys that the render contains', () => {
      for (const c of deployment().spec.template.spec.containers) {
        for (const from of c.envFrom ?? []) {
          if (from.configMapRef && !from.configMapRef.optional)
            expect(find('ConfigMap', from.configMapRef.name)).toBeDefined();
          if (from.secretRef && !from.secretRef.optional)
            expect(find('Secret', from.secretRef.name)).toBeDefined();
        }
        for (const { name, valueFrom } of c.env ?? []) {
          for (const [kind, ref] of [
            ['Secret', valueFrom?.secretKeyRef],
            ['ConfigMap', valueFrom?.configMapKeyRef],
          ] as const) {
            if (!ref || ref.optional) continue;
            const source = find<ConfigOrSecret>(kind, ref.name);
            const keys = Object.keys({ ...source?.data, ...source?.stringData });
            expect({ env: name, [kind]: ref.name, keys }).toEqual({
              env: name,
              [kind]: ref.name,
              keys: expect.arrayContaining([ref.key]),
            });
          }
        }
      }
    });

    it('has a Service selecting its pods', () => {
      const podLabels = deployment().spec.template.metadata.labels;
      const services = objects.filter((o) => o.kind === 'Service') as Service[];
      const service = services.find((s) => s.metadata.labels?.['app.kubernetes.io/name'] === app);
      expect(service).toBeDefined();
      const selector = service!.spec.selector ?? {};
      expect(Object.keys(selector).length).toBeGreaterThan(0);
      expect(podLabels).toEqual(expect.objectContaining(selector));
    });
  });

  if (target === 'base') {
    it('holds only placeholder values in its Secrets', () => {
      const secrets = objects.filter((o) => o.kind === 'Secret') as ConfigOrSecret[];
      expect(secrets.length).toBeGreaterThan(0);
      for (const secret of secrets) {
        const values = {
          ...Object.fromEntries(
            Object.entries(secret.data ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')]),
          ),
          ...secret.stringData,
        };
        for (const [key, value] of Object.entries(values)) {
          expect({ secret: secret.metadata.name, key, placeholder: isPlaceholder(String(value)) }).toEqual({
            secret: secret.metadata.name,
            key,
            placeholder: true,
          });
        }
      }
    });

    it('uses the roster/<app>:latest images', () => {
      for (const app of APPS) {
        const d = objects.find((o) => o.kind === 'Deployment' && o.metadata.name === app) as
          Deployment | undefined;
        expect(d?.spec.template.spec.containers.map((c) => c.image)).toEqual([`roster/${app}:latest`]);
      }
    });
  }
});

describe('docker-compose.yml', () => {
  const file = join(repoRoot, 'docker-compose.yml');
  // merge: compose files use YAML merge keys (`<<: *anchor`) for shared settings.
  const compose = parse(readFileSync(file, 'utf8'), { merge: true }) as {
    services: Record<
      string,
      {
        build?: { args?: Record<string, string> };
        ports?: unknown[];
        healthcheck?: { test?: string[] | string };
        depends_on?: Record<string, { condition?: string }> | string[];
        environment?: Record<string, string>;
      }
    >;
  };
  const services = compose.services ?? {};

  it('defines postgres, nats and the five apps', () => {
    expect(Object.keys(services)).toEqual(expect.arrayContaining(['postgres', 'nats', ...APPS]));
  });

  it.each(['postgres', 'nats'])('gives %s a healthcheck (apps wait for it)', (name) => {
    expect(services[name]?.healthcheck?.test).toBeDefined();
  });

  it.each(APPS)('builds %s from the shared Dockerfile with APP set', (app) => {
    expect(services[app]?.build?.args?.APP).toBe(app);
  });

  it.each(APPS)('checks %s readiness in its healthcheck', (app) => {
    expect(String(services[app]?.healthcheck?.test)).toContain('/health/ready');
  });

  it.each(APPS)('starts %s only after its infrastructure is healthy', (app) => {
    const dependsOn = services[app]?.depends_on;
    expect(dependsOn && !Array.isArray(dependsOn)).toBe(true);
    const deps = dependsOn as Record<string, { condition?: string }>;
    expect(deps.nats?.condition).toBe('service_healthy');
    // The gateway has no database, so it may depend on NATS alone.
    if (app !== 'gateway' || deps.postgres) expect(deps.postgres?.condition).toBe('service_healthy');
  });

  it.each(APPS.filter((app) => app !== 'gateway'))(
    'gives %s its own database and lets it create it',
    (app) => {
      expect(services[app]?.environment?.DATABASE_URL).toMatch(new RegExp(`/roster_${app}$`));
      expect(String(services[app]?.environment?.DATABASE_CREATE)).toBe('true');
    },
  );

  it('publishes ports for the gateway only', () => {
    const publishing = Object.entries(services)
      .filter(([, service]) => (service.ports ?? []).length > 0)
      .map(([name]) => name);
    expect(publishing).toEqual(['gateway']);
  });
});
