import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';

/**
 * Guards the deployment manifests: what kustomize renders for base and every overlay, and docker-compose.yml.
 * These checks catch the mistakes that only show up once a cluster runs the pods (missing probes, a probe on
 * the wrong port, a Secret or ConfigMap reference that does not exist, a real password committed to base, a
 * NetworkPolicy that cuts an app off from NATS or opens a service to the world, a shutdown that SIGKILL cuts
 * short, an app Prometheus cannot scrape).
 */

const deployDir = join(__dirname, '..');
const repoRoot = join(deployDir, '..');
const APPS = ['gateway', 'auth', 'directory', 'billing', 'integrations'] as const;
type App = (typeof APPS)[number];
const SERVICES = APPS.filter((app) => app !== 'gateway');

/**
 * Overlays that deliberately differ from base, each for a stated reason. Every other overlay (production
 * included) must keep base's guarantees in full.
 */
// Run one pod per app (HPA minimum 1), to fit a laptop. Their HPAs and PDBs are still required.
const SINGLE_REPLICA_OVERLAYS = new Set(['overlays/local']);
// Meant for clusters without the Prometheus Operator: no ServiceMonitor, since its CRD would be missing and
// `kubectl apply -k` would fail on it. Asserted explicitly below.
const WITHOUT_PROMETHEUS_OPERATOR = new Set(['overlays/local']);

// Loose shapes: only the fields these checks read.
interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  [field: string]: unknown;
}
interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: Array<{ key: string; operator: string; values?: string[] }>;
}
interface Probe {
  httpGet?: { path?: string; port?: number | string };
}
interface ContainerPort {
  name?: string;
  containerPort: number;
  protocol?: string;
}
interface Container {
  name: string;
  image?: string;
  ports?: ContainerPort[];
  readinessProbe?: Probe;
  livenessProbe?: Probe;
  lifecycle?: { preStop?: { exec?: { command?: string[] }; sleep?: { seconds?: number } } };
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: {
    runAsNonRoot?: boolean;
    readOnlyRootFilesystem?: boolean;
    allowPrivilegeEscalation?: boolean;
    capabilities?: { drop?: string[]; add?: string[] };
    seccompProfile?: { type?: string };
  };
  env?: Array<{
    name: string;
    value?: string;
    valueFrom?: { secretKeyRef?: KeyRef; configMapKeyRef?: KeyRef };
  }>;
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
  terminationGracePeriodSeconds?: number;
  securityContext?: { runAsNonRoot?: boolean; seccompProfile?: { type?: string } };
}
interface Workload extends K8sObject {
  spec: {
    replicas?: number;
    selector?: LabelSelector;
    template: { metadata: { labels: Record<string, string> }; spec: PodSpec };
  };
}
type Deployment = Workload;
interface ServicePort {
  name?: string;
  port: number;
  targetPort?: number | string;
  nodePort?: number;
}
interface Service extends K8sObject {
  spec: { type?: string; selector?: Record<string, string>; ports: ServicePort[] };
}
interface ConfigOrSecret extends K8sObject {
  data?: Record<string, string>;
  stringData?: Record<string, string>;
}
interface HorizontalPodAutoscaler extends K8sObject {
  spec: {
    scaleTargetRef: { apiVersion?: string; kind: string; name: string };
    minReplicas?: number;
    maxReplicas: number;
    metrics?: Array<{
      type: string;
      resource?: { name: string; target?: { type?: string; averageUtilization?: number } };
    }>;
  };
}
interface PodDisruptionBudget extends K8sObject {
  spec: { selector?: LabelSelector; minAvailable?: number | string; maxUnavailable?: number | string };
}
interface NetworkPolicyPeer {
  podSelector?: LabelSelector;
  namespaceSelector?: LabelSelector;
  ipBlock?: { cidr: string; except?: string[] };
}
interface NetworkPolicyRule {
  from?: NetworkPolicyPeer[];
  to?: NetworkPolicyPeer[];
  ports?: Array<{ protocol?: string; port?: number | string; endPort?: number }>;
}
interface NetworkPolicy extends K8sObject {
  spec: {
    podSelector: LabelSelector;
    policyTypes?: string[];
    ingress?: NetworkPolicyRule[];
    egress?: NetworkPolicyRule[];
  };
}
interface ServiceMonitor extends K8sObject {
  spec: {
    selector?: LabelSelector;
    namespaceSelector?: { any?: boolean; matchNames?: string[] };
    endpoints?: Array<{ port?: string; targetPort?: number | string; path?: string }>;
  };
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

function selects(selector: LabelSelector | undefined, labels: Record<string, string> = {}): boolean {
  for (const [key, value] of Object.entries(selector?.matchLabels ?? {}))
    if (labels[key] !== value) return false;
  for (const { key, operator, values = [] } of selector?.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(labels, key);
    switch (operator) {
      case 'In':
        if (!has || !values.includes(labels[key])) return false;
        break;
      case 'NotIn':
        if (has && values.includes(labels[key])) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        throw new Error(`unknown label selector operator ${operator}`);
    }
  }
  return true;
}

const isEmptySelector = (selector: LabelSelector | undefined) =>
  !selector ||
  (Object.keys(selector.matchLabels ?? {}).length === 0 && (selector.matchExpressions ?? []).length === 0);

// ---- A small NetworkPolicy evaluator: enough to ask "may A open a TCP/UDP connection to B on port P?" ----

/** A pod (rendered, or a stand-in for one outside the render) or an address outside the cluster. */
interface PodEndpoint {
  namespace: string;
  labels: Record<string, string>;
  ports?: ContainerPort[];
}
type Endpoint = PodEndpoint | { ip: string };
const isPod = (endpoint: Endpoint): endpoint is PodEndpoint => 'labels' in endpoint;

function ipv4ToNumber(ip: string): number {
  return ip.split('.').reduce((total, octet) => total * 256 + Number(octet), 0);
}
function inCidr(ip: string, cidr: string): boolean {
  const [base, bitsText] = cidr.split('/');
  if (base.includes(':') || ip.includes(':'))
    return base.includes(':') && ip.includes(':') && bitsText === '0';
  const size = 2 ** (32 - Number(bitsText));
  return Math.floor(ipv4ToNumber(ip) / size) === Math.floor(ipv4ToNumber(base) / size);
}

const RENDER_NAMESPACE = '(namespace of the render)';
const namespaceOf = (object: K8sObject) => object.metadata.namespace ?? RENDER_NAMESPACE;

class NetworkModel {
  private readonly policies: NetworkPolicy[];
  private readonly namespaceLabels: Map<string, Record<string, string>>;

  constructor(objects: K8sObject[]) {
    this.policies = objects.filter((o) => o.kind === 'NetworkPolicy') as NetworkPolicy[];
    this.namespaceLabels = new Map(
      objects.filter((o) => o.kind === 'Namespace').map((ns) => [ns.metadata.name, ns.metadata.labels ?? {}]),
    );
  }

  /** The labels a namespace has: its own, plus kubernetes.io/metadata.name that Kubernetes always sets. */
  private labelsOfNamespace(namespace: string): Record<string, string> {
    return { ...this.namespaceLabels.get(namespace), 'kubernetes.io/metadata.name': namespace };
  }

  static policyTypes(policy: NetworkPolicy): string[] {
    return policy.spec.policyTypes ?? ['Ingress', ...(policy.spec.egress ? ['Egress'] : [])];
  }

  /** Policies that isolate `pod` in `direction` (the pod then accepts only what one of them allows). */
  isolating(pod: PodEndpoint, direction: 'Ingress' | 'Egress'): NetworkPolicy[] {
    return this.policies.filter(
      (policy) =>
        namespaceOf(policy) === pod.namespace &&
        selects(policy.spec.podSelector, pod.labels) &&
        NetworkModel.policyTypes(policy).includes(direction),
    );
  }

  private peerMatches(peer: NetworkPolicyPeer, policy: NetworkPolicy, other: Endpoint): boolean {
    if (!isPod(other))
      return (
        !!peer.ipBlock &&
        inCidr(other.ip, peer.ipBlock.cidr) &&
        !(peer.ipBlock.except ?? []).some((cidr) => inCidr(other.ip, cidr))
      );
    if (peer.ipBlock) return false; // pod addresses are not ours to guess
    const namespaceOk = peer.namespaceSelector
      ? selects(peer.namespaceSelector, this.labelsOfNamespace(other.namespace))
      : other.namespace === namespaceOf(policy);
    return namespaceOk && (!peer.podSelector || selects(peer.podSelector, other.labels));
  }

  private static portMatches(
    rule: NetworkPolicyRule,
    port: number,
    protocol: string,
    destination: Endpoint | undefined,
  ): boolean {
    if (!rule.ports?.length) return true;
    return rule.ports.some((p) => {
      if ((p.protocol ?? 'TCP') !== protocol) return false;
      if (p.port === undefined) return true;
      if (typeof p.port === 'number')
        return p.endPort ? port >= p.port && port <= p.endPort : p.port === port;
      // A named port is the destination pod's container port of that name.
      return (
        !!destination &&
        isPod(destination) &&
        (destination.ports ?? []).some(
          (cp) => cp.name === p.port && cp.containerPort === port && (cp.protocol ?? 'TCP') === protocol,
        )
      );
    });
  }

  private allowedBy(
    subject: PodEndpoint,
    direction: 'Ingress' | 'Egress',
    other: Endpoint,
    port: number,
    protocol: string,
  ): boolean {
    const policies = this.isolating(subject, direction);
    if (policies.length === 0) return true;
    const destination = direction === 'Ingress' ? subject : other;
    return policies.some((policy) =>
      ((direction === 'Ingress' ? policy.spec.ingress : policy.spec.egress) ?? []).some((rule) => {
        const peers = direction === 'Ingress' ? rule.from : rule.to;
        const peerOk = !peers?.length || peers.some((peer) => this.peerMatches(peer, policy, other));
        return peerOk && NetworkModel.portMatches(rule, port, protocol, destination);
      }),
    );
  }

  /** Whether `from` may connect to `to` on `port`: egress of the source and ingress of the destination. */
  canConnect(from: Endpoint, to: Endpoint, port: number, protocol = 'TCP'): boolean {
    return (
      this.mayOpen(from, to, port, protocol) &&
      (!isPod(to) || this.allowedBy(to, 'Ingress', from, port, protocol))
    );
  }

  /** Egress only: for a destination that the render does not deploy, whose ingress its operator owns. */
  mayOpen(from: Endpoint, to: Endpoint, port: number, protocol = 'TCP'): boolean {
    return !isPod(from) || this.allowedBy(from, 'Egress', to, port, protocol);
  }

  /** Ingress rules that admit every source (no `from`, an ipBlock of the whole address space, or every pod). */
  static isOpenToEveryone(rule: NetworkPolicyRule): boolean {
    if (!rule.from?.length) return true;
    return rule.from.some(
      (peer) =>
        (peer.ipBlock && /^(0\.0\.0\.0|::)\/0$/.test(peer.ipBlock.cidr)) ||
        (peer.namespaceSelector &&
          isEmptySelector(peer.namespaceSelector) &&
          isEmptySelector(peer.podSelector)),
    );
  }

  get all(): NetworkPolicy[] {
    return this.policies;
  }
}

// Stand-ins for endpoints outside the render.
const STRANGER: PodEndpoint = { namespace: 'elsewhere', labels: { 'app.kubernetes.io/name': 'stranger' } };
const PROMETHEUS: PodEndpoint = {
  namespace: 'monitoring',
  labels: { 'app.kubernetes.io/name': 'prometheus' },
};
const KUBE_DNS: PodEndpoint = { namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns' } };
const INTERNET_CLIENT = { ip: '198.51.100.7' };
const PUBLIC_SERVER = { ip: '203.0.113.10' };
const CLOUD_METADATA = { ip: '169.254.169.254' };

/** Seconds a preStop hook waits, from `sleep: {seconds}`, `sleep N` or node's `setTimeout(…, ms)`. */
function preStopSeconds(container: Container): number | undefined {
  const hook = container.lifecycle?.preStop;
  if (hook?.sleep?.seconds !== undefined) return hook.sleep.seconds;
  const command = (hook?.exec?.command ?? []).join(' ');
  const sleep = /(?:^|\/)sleep\s+(\d+)\s*$/.exec(command);
  if (sleep) return Number(sleep[1]);
  const timeout = /setTimeout\([^,]*,\s*(\d+)\s*\)/.exec(command);
  return timeout ? Number(timeout[1]) / 1000 : undefined;
}

describe('kubectl', () => {
  it('is installed (the kustomize checks below need it)', () => {
    const reason = kubectlMissingReason();
    if (reason) throw new Error(reason);
  });
});

describe.each(targets)('kustomize render of deploy/%s', (target) => {
  let objects: K8sObject[] = [];
  let network: NetworkModel;
  const find = <T extends K8sObject>(kind: string, name: string) =>
    objects.find((o) => o.kind === kind && o.metadata.name === name) as T | undefined;
  const ofKind = <T extends K8sObject>(kind: string) => objects.filter((o) => o.kind === kind) as T[];

  beforeAll(() => {
    // Fails every test in this block with the install hint instead of skipping them.
    const reason = kubectlMissingReason();
    if (reason) throw new Error(reason);
    objects = render(join(deployDir, target));
    network = new NetworkModel(objects);
  });

  const deploymentOf = (app: string) => {
    const found = objects.find(
      (o) => o.kind === 'Deployment' && o.metadata.labels?.['app.kubernetes.io/name'] === app,
    ) as Deployment | undefined;
    if (!found) throw new Error(`no Deployment labelled app.kubernetes.io/name=${app} in deploy/${target}`);
    return found;
  };
  const podOf = (workload: Workload): PodEndpoint => ({
    namespace: namespaceOf(workload),
    labels: workload.spec.template.metadata.labels,
    ports: workload.spec.template.spec.containers.flatMap((c) => c.ports ?? []),
  });
  const appPod = (app: string) => podOf(deploymentOf(app));
  /** The value a container sees for an env var: its own env, else the ConfigMaps it loads. */
  const envValue = (container: Container, name: string): string | undefined => {
    const own = container.env?.find((e) => e.name === name);
    if (own) return own.value;
    for (const from of container.envFrom ?? []) {
      const map = from.configMapRef && find<ConfigOrSecret>('ConfigMap', from.configMapRef.name);
      if (map?.data?.[name] !== undefined) return map.data[name];
    }
    return undefined;
  };
  /** Services in the render that route to `app`'s pods. */
  const servicesOf = (app: string) => {
    const pod = appPod(app);
    return ofKind<Service>('Service').filter(
      (s) =>
        namespaceOf(s) === pod.namespace &&
        !isEmptySelector({ matchLabels: s.spec.selector }) &&
        selects({ matchLabels: s.spec.selector }, pod.labels),
    );
  };
  /** The container port a Service port lands on. */
  const targetContainerPort = (app: string, servicePort: ServicePort) => {
    const target = servicePort.targetPort ?? servicePort.port;
    return appPod(app).ports?.find((p) => p.name === target || p.containerPort === target);
  };
  /** A workload of the render by its app.kubernetes.io/name (NATS, Postgres in the local overlay). */
  const workloadNamed = (name: string) =>
    objects.find(
      (o) =>
        (o.kind === 'Deployment' || o.kind === 'StatefulSet') &&
        (o as Workload).spec.template.metadata.labels['app.kubernetes.io/name'] === name,
    ) as Workload | undefined;

  it('renders objects', () => {
    expect(objects.length).toBeGreaterThan(0);
  });

  describe.each(APPS)('%s', (app) => {
    const deployment = () => deploymentOf(app);

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

    it('drops every capability and adds none, under the RuntimeDefault seccomp profile', () => {
      const { containers, securityContext: pod } = deployment().spec.template.spec;
      for (const c of containers) {
        expect({ container: c.name, drop: c.securityContext?.capabilities?.drop }).toEqual({
          container: c.name,
          drop: ['ALL'],
        });
        expect(c.securityContext?.capabilities?.add ?? []).toEqual([]);
        // The container's own profile wins over the pod's.
        const seccomp = c.securityContext?.seccompProfile?.type ?? pod?.seccompProfile?.type;
        expect({ container: c.name, seccomp }).toEqual({ container: c.name, seccomp: 'RuntimeDefault' });
      }
    });

    it('waits in preStop, then has time to drain before SIGKILL', () => {
      const { containers, terminationGracePeriodSeconds = 30 } = deployment().spec.template.spec;
      for (const c of containers) {
        const graceMs = Number(envValue(c, 'SHUTDOWN_GRACE_MS') ?? '10000');
        const wait = preStopSeconds(c);
        // The preStop wait lets endpoints and proxies drop the pod before SIGTERM starts the drain.
        expect({ container: c.name, preStopSeconds: wait }).toEqual({
          container: c.name,
          preStopSeconds: expect.any(Number),
        });
        expect(wait).toBeGreaterThan(0);
        // The grace period counts from the preStop hook; the app exits hard 1 s after SHUTDOWN_GRACE_MS.
        expect(terminationGracePeriodSeconds).toBeGreaterThan(graceMs / 1000);
        expect(terminationGracePeriodSeconds).toBeGreaterThan((wait ?? 0) + graceMs / 1000 + 1);
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

    it('exposes a `metrics` port: a Service port of that name landing on a port its container declares', () => {
      const metricsPorts = servicesOf(app).flatMap((s) =>
        s.spec.ports.filter((p) => p.name === 'metrics').map((p) => ({ service: s, port: p })),
      );
      expect({ app, metricsServicePorts: metricsPorts.length }).toEqual({
        app,
        metricsServicePorts: expect.any(Number),
      });
      expect(metricsPorts.length).toBeGreaterThan(0);
      for (const { port } of metricsPorts) expect(targetContainerPort(app, port)).toBeDefined();
    });

    if (app === 'gateway') {
      it('serves metrics on their own container port (METRICS_PORT), never through the public Service', () => {
        const [container] = deployment().spec.template.spec.containers;
        const http = container.ports?.find((p) => p.name === 'http');
        const metrics = container.ports?.find((p) => p.name === 'metrics');
        expect(metrics).toBeDefined();
        expect(metrics?.containerPort).not.toBe(http?.containerPort);
        expect(envValue(container, 'METRICS_PORT')).toBe(String(metrics?.containerPort));
        for (const service of servicesOf('gateway')) {
          const landsOn = service.spec.ports.map((p) => targetContainerPort('gateway', p)?.containerPort);
          // A Service that carries the API must not carry metrics: NodePort/LoadBalancer expose every port.
          if (landsOn.includes(http?.containerPort))
            expect({ service: service.metadata.name, landsOn }).not.toEqual({
              service: service.metadata.name,
              landsOn: expect.arrayContaining([metrics?.containerPort]),
            });
        }
      });
    }

    it('is scaled by a HorizontalPodAutoscaler on CPU, which alone owns the replica count', () => {
      const hpas = ofKind<HorizontalPodAutoscaler>('HorizontalPodAutoscaler').filter(
        (h) =>
          namespaceOf(h) === namespaceOf(deployment()) &&
          h.spec.scaleTargetRef.kind === 'Deployment' &&
          h.spec.scaleTargetRef.name === deployment().metadata.name,
      );
      expect({ app, hpas: hpas.length }).toEqual({ app, hpas: 1 });
      const [hpa] = hpas;
      expect(hpa.apiVersion).toBe('autoscaling/v2');
      expect(hpa.spec.scaleTargetRef.apiVersion).toBe('apps/v1');
      const min = hpa.spec.minReplicas ?? 1;
      expect(min).toBeGreaterThanOrEqual(1);
      expect(hpa.spec.maxReplicas).toBeGreaterThan(min);
      // Two pods at least, so a drain or a crash never leaves the app without one.
      if (!SINGLE_REPLICA_OVERLAYS.has(target))
        expect({ app, minReplicas: min }).toEqual({ app, minReplicas: 2 });
      const cpu = hpa.spec.metrics?.find((m) => m.type === 'Resource' && m.resource?.name === 'cpu');
      expect(cpu?.resource?.target?.type).toBe('Utilization');
      expect(cpu?.resource?.target?.averageUtilization).toBeGreaterThan(0);
      // A value in the Deployment would reset the HPA's count on every `kubectl apply`.
      expect(deployment().spec.replicas).toBeUndefined();
    });

    it('has a PodDisruptionBudget for its pods alone that lets a drain proceed one pod at a time', () => {
      const pod = appPod(app);
      const budgets = ofKind<PodDisruptionBudget>('PodDisruptionBudget').filter(
        (b) =>
          namespaceOf(b) === pod.namespace &&
          !isEmptySelector(b.spec.selector) &&
          selects(b.spec.selector, pod.labels),
      );
      expect({ app, budgets: budgets.length }).toEqual({ app, budgets: 1 });
      const [budget] = budgets;
      for (const other of APPS.filter((a) => a !== app))
        expect({
          budget: budget.metadata.name,
          alsoSelects: other,
          selected: selects(budget.spec.selector, appPod(other).labels),
        }).toEqual({ budget: budget.metadata.name, alsoSelects: other, selected: false });
      const hpa = ofKind<HorizontalPodAutoscaler>('HorizontalPodAutoscaler').find(
        (h) => h.spec.scaleTargetRef.name === deployment().metadata.name,
      );
      const min = hpa?.spec.minReplicas ?? 1;
      const { maxUnavailable, minAvailable } = budget.spec;
      // Integers only: a percentage would hide what the budget allows at a given count.
      expect(typeof (maxUnavailable ?? minAvailable)).toBe('number');
      const evictableAtMin =
        maxUnavailable !== undefined ? Number(maxUnavailable) : min - Number(minAvailable);
      const keptAtMin = min - evictableAtMin;
      // Never blocks a drain, even at the HPA's minimum…
      expect({ app, evictableAtMin: evictableAtMin >= 1 }).toEqual({ app, evictableAtMin: true });
      // …and, where the app runs at least two pods, always keeps one serving.
      if (!SINGLE_REPLICA_OVERLAYS.has(target))
        expect({ app, keptAtMin: keptAtMin >= 1 }).toEqual({ app, keptAtMin: true });
    });

    it('reaches DNS and NATS through the network policies', () => {
      const pod = appPod(app);
      expect(network.canConnect(pod, KUBE_DNS, 53, 'UDP')).toBe(true);
      expect(network.canConnect(pod, KUBE_DNS, 53, 'TCP')).toBe(true);
      const [container] = deployment().spec.template.spec.containers;
      const natsUrl = envValue(container, 'NATS_URL') ?? '';
      const rendered = workloadNamed('nats');
      for (const server of natsUrl.split(',')) {
        const url = new URL(server.trim());
        const port = Number(url.port || 4222);
        // nats, nats.<ns>, <pod>.<svc>.<ns>[.svc…]: the namespace is the label after the Service's.
        const labels = url.hostname.split('.');
        const namespace = labels.length === 1 ? pod.namespace : labels[labels.length >= 3 ? 2 : 1];
        // A NATS the render deploys must admit the app; one it doesn't (base, production) is run and
        // guarded by others, so only the app's side counts: the official chart's pod label, in that namespace.
        const allowed =
          rendered && namespace === pod.namespace
            ? network.canConnect(pod, podOf(rendered), port)
            : network.mayOpen(pod, { namespace, labels: { 'app.kubernetes.io/name': 'nats' } }, port);
        expect({ app, server, allowed }).toEqual({
          app,
          server,
          allowed: true,
        });
      }
    });

    it('accepts connections only as its role needs: the API from anywhere, everything else from Prometheus', () => {
      const pod = appPod(app);
      const [container] = deployment().spec.template.spec.containers;
      const http = container.ports?.find((p) => p.name === 'http')?.containerPort ?? NaN;
      const metrics = container.ports?.find((p) => p.name === 'metrics')?.containerPort ?? http;
      const isPublic = app === 'gateway';
      for (const client of [STRANGER, INTERNET_CLIENT])
        expect({ app, client, port: http, allowed: network.canConnect(client, pod, http) }).toEqual({
          app,
          client,
          port: http,
          allowed: isPublic,
        });
      expect(network.canConnect(PROMETHEUS, pod, metrics)).toBe(true);
      if (metrics !== http)
        for (const client of [STRANGER, INTERNET_CLIENT])
          expect({ app, client, port: metrics, allowed: network.canConnect(client, pod, metrics) }).toEqual({
            app,
            client,
            port: metrics,
            allowed: false,
          });
    });

    it(`${app === 'gateway' ? 'has no' : 'has its own'} database connection, and ${app === 'integrations' ? 'alone' : 'unlike integrations'} reaches public hosts`, () => {
      const pod = appPod(app);
      const postgres = workloadNamed('postgres');
      const egressPorts = network
        .isolating(pod, 'Egress')
        .flatMap((p) => p.spec.egress ?? [])
        .flatMap((r) => (r.ports ?? []).map((p) => p.port));
      if (app === 'gateway') {
        expect(egressPorts).not.toContain(5432);
        if (postgres) expect(network.canConnect(pod, podOf(postgres), 5432)).toBe(false);
      } else {
        expect(egressPorts).toContain(5432);
        if (postgres) expect(network.canConnect(pod, podOf(postgres), 5432)).toBe(true);
      }
      for (const port of [443, 80, 587, 465])
        expect({ app, port, allowed: network.canConnect(pod, PUBLIC_SERVER, port) }).toEqual({
          app,
          port,
          allowed: app === 'integrations',
        });
      // Never the cloud metadata endpoint (credentials of the node), whatever a webhook URL says.
      expect(network.canConnect(pod, CLOUD_METADATA, 80)).toBe(false);
    });
  });

  it('denies all ingress and egress by default in its namespace', () => {
    const defaultDeny = network.all.filter(
      (p) =>
        isEmptySelector(p.spec.podSelector) &&
        !p.spec.ingress?.length &&
        !p.spec.egress?.length &&
        NetworkModel.policyTypes(p).includes('Ingress') &&
        NetworkModel.policyTypes(p).includes('Egress'),
    );
    expect(defaultDeny.length).toBeGreaterThan(0);
  });

  it("opens ingress to everyone only on the gateway's public port", () => {
    const workloads = objects.filter(
      (o) => o.kind === 'Deployment' || o.kind === 'StatefulSet',
    ) as Workload[];
    const gateway = appPod('gateway');
    const publicPort = gateway.ports?.find((p) => p.name === 'http')?.containerPort;
    let openRules = 0;
    for (const policy of network.all) {
      for (const rule of policy.spec.ingress ?? []) {
        if (!NetworkModel.isOpenToEveryone(rule)) continue;
        openRules += 1;
        const selected = workloads
          .filter(
            (w) =>
              namespaceOf(w) === namespaceOf(policy) && selects(policy.spec.podSelector, podOf(w).labels),
          )
          .map((w) => podOf(w).labels['app.kubernetes.io/name']);
        expect({ policy: policy.metadata.name, selects: selected }).toEqual({
          policy: policy.metadata.name,
          selects: ['gateway'],
        });
        const ports = (rule.ports ?? []).map((p) =>
          typeof p.port === 'string'
            ? gateway.ports?.find((cp) => cp.name === p.port)?.containerPort
            : p.port,
        );
        expect({ policy: policy.metadata.name, ports }).toEqual({
          policy: policy.metadata.name,
          ports: [publicPort],
        });
      }
    }
    expect(openRules).toBeGreaterThan(0);
  });

  const inClusterDependencies = [
    { name: 'nats', port: 4222, clients: [...APPS] as App[] },
    { name: 'postgres', port: 5432, clients: SERVICES },
  ];
  it.each(inClusterDependencies)(
    'lets only its clients reach an in-cluster $name, if the render has one',
    ({ name, port, clients }) => {
      const workload = workloadNamed(name);
      if (!workload) return;
      const dependency = podOf(workload);
      for (const app of APPS)
        expect({ app, to: name, allowed: network.canConnect(appPod(app), dependency, port) }).toEqual({
          app,
          to: name,
          allowed: clients.includes(app),
        });
      expect(network.canConnect(STRANGER, dependency, port)).toBe(false);
    },
  );

  if (WITHOUT_PROMETHEUS_OPERATOR.has(target)) {
    it('leaves the ServiceMonitor out (no Prometheus Operator CRDs on the clusters it targets)', () => {
      expect(ofKind('ServiceMonitor')).toEqual([]);
    });
  } else {
    it.each(APPS)('has a ServiceMonitor scraping /metrics on the `metrics` port of %s', (app) => {
      const monitors = ofKind<ServiceMonitor>('ServiceMonitor');
      expect(monitors.length).toBeGreaterThan(0);
      const scraped = servicesOf(app).filter(
        (service) =>
          service.spec.ports.some((p) => p.name === 'metrics') &&
          monitors.some(
            (m) =>
              m.apiVersion === 'monitoring.coreos.com/v1' &&
              (m.spec.namespaceSelector?.any ||
                (m.spec.namespaceSelector?.matchNames ?? [namespaceOf(m)]).includes(namespaceOf(service))) &&
              !isEmptySelector(m.spec.selector) &&
              selects(m.spec.selector, service.metadata.labels) &&
              (m.spec.endpoints ?? []).some(
                (e) => e.port === 'metrics' && (e.path ?? '/metrics') === '/metrics',
              ),
          ),
      );
      expect({ app, scrapedServices: scraped.map((s) => s.metadata.name) }).toEqual({
        app,
        scrapedServices: [expect.any(String)],
      });
    });
  }

  if (target === 'base' || target === 'overlays/production') {
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
  }

  if (target === 'base') {
    it('uses the roster/<app>:latest images', () => {
      for (const app of APPS) {
        const d = objects.find((o) => o.kind === 'Deployment' && o.metadata.name === app) as
          Deployment | undefined;
        expect(d?.spec.template.spec.containers.map((c) => c.image)).toEqual([`roster/${app}:latest`]);
      }
    });
  }

  if (target === 'overlays/production') {
    const config = () => find<ConfigOrSecret>('ConfigMap', 'roster-config')?.data ?? {};

    it('connects to a three-server NATS cluster and replicates streams on all three', () => {
      const servers = (config().NATS_URL ?? '').split(',').map((s) => new URL(s.trim()));
      expect(servers.map((s) => s.protocol)).toEqual(
        Array.from({ length: 3 }, () => expect.stringMatching(/^(nats|tls):$/)),
      );
      expect(new Set(servers.map((s) => s.host)).size).toBe(3);
      expect(config().JETSTREAM_REPLICAS).toBe('3');
    });

    it('expects databases that already exist (managed Postgres, no CREATEDB right)', () => {
      expect(config().DATABASE_CREATE).toBe('false');
    });

    it('logs at info', () => {
      expect(config().LOG_LEVEL).toBe('info');
    });

    it('runs images pinned to a release tag or digest', () => {
      for (const app of APPS) {
        const [image] = deploymentOf(app).spec.template.spec.containers.map((c) => c.image ?? '');
        expect({ app, image }).toEqual({
          app,
          image: expect.stringMatching(
            new RegExp(`/${app}(:\\d+\\.\\d+\\.\\d+[\\w.-]*|@sha256:[0-9a-f]{64})$`),
          ),
        });
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
        stop_grace_period?: string;
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

  it.each(APPS)('gives %s longer to stop than SHUTDOWN_GRACE_MS', (app) => {
    const grace = Number(services[app]?.environment?.SHUTDOWN_GRACE_MS ?? '10000') / 1000;
    const stop = /^(\d+)s$/.exec(services[app]?.stop_grace_period ?? '');
    expect(stop).not.toBeNull();
    expect(Number(stop?.[1])).toBeGreaterThan(grace + 1);
  });

  it.each(APPS.filter((app) => app !== 'gateway'))(
    'gives %s its own database and lets it create it',
    (app) => {
      expect(services[app]?.environment?.DATABASE_URL).toMatch(new RegExp(`/roster_${app}$`));
      expect(String(services[app]?.environment?.DATABASE_CREATE)).toBe('true');
    },
  );

  it('publishes ports for the gateway only, and not its metrics port', () => {
    const publishing = Object.entries(services)
      .filter(([, service]) => (service.ports ?? []).length > 0)
      .map(([name]) => name);
    expect(publishing).toEqual(['gateway']);
    const metricsPort = services.gateway?.environment?.METRICS_PORT ?? '9464';
    expect((services.gateway?.ports ?? []).map(String).join(' ')).not.toContain(metricsPort);
  });
});
