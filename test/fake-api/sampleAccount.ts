/**
 * Deterministic accounts, a fresh copy per call. sampleAccount(): 5 indexes, 64 indexed assets; "Support calls
 * 2026" holds 52 (two pages of 50), "Scratch" none; "Lecture archive" is on the free plan (expires_at) without
 * asset_id. 64 uploaded source assets: one per asset_id, of which 2 are shared by "Product demos" and "Marketing
 * b-roll", and 5 that nothing uses (3 ready, 1 failed, 1 processing).
 */
import type { AssetStatus, FakeAccount, FakeAsset, FakeIndex, FakeSourceAsset } from './types';

/** mulberry32: small seeded PRNG, returns floats in [0, 1). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DAY = 86_400_000;
const MINUTE = 60_000;

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
/** The last 8 hex digits of floor(n): ObjectIds start with their creation second. */
const hex8 = (n: number) => Math.floor(n).toString(16).padStart(8, '0').slice(-8);

interface IndexPlan {
  name: string;
  created: string;
  freePlan?: boolean;
  models: FakeIndex['models'];
  addons?: string[];
  /** Oldest first. */
  assets: AssetPlan[];
}

interface AssetPlan {
  filename?: string;
  minSec: number;
  maxSec: number;
  status?: AssetStatus;
  noDuration?: boolean;
  userMetadata?: Record<string, string | number | boolean>;
}

const MARENGO_AV = { model_name: 'marengo3.0', model_options: ['visual', 'audio'] };
const PEGASUS_AV = { model_name: 'pegasus1.2', model_options: ['visual', 'audio'] };

const META = {
  explorer: { product: 'Explorer', version: 3, internal: false },
  playground: { product: 'Playground', version: 1, internal: false },
  guestTalk: { speaker: 'Dr. Ada Moreno', year: 2026 },
};

const CUSTOMERS = [
  ...'acme globex initech umbrella hooli stark-industries wayne-enterprises wonka soylent tyrell'.split(' '),
  ...'cyberdyne vandelay pied-piper massive-dynamic'.split(' '),
];
const TOPICS = 'billing onboarding outage sso-setup api-limits renewal bug-triage'.split(' ');

function supportCallPlans(rand: () => number): AssetPlan[] {
  const plans: AssetPlan[] = [];
  for (let i = 0; i < 52; i++) {
    const customer = CUSTOMERS[Math.floor(rand() * CUSTOMERS.length)];
    const topic = TOPICS[Math.floor(rand() * TOPICS.length)];
    const plan: AssetPlan = {
      filename: `support-call-${customer}-${topic}-t${4108 + i * 7}.mp4`,
      minSec: 300,
      maxSec: 3300,
    };
    if (i % 9 === 4)
      plan.userMetadata = { customer, priority: i % 2 === 0 ? 'high' : 'normal', escalated: i % 3 === 0 };
    plans.push(plan);
  }
  // Two recordings uploaded straight from the phone system, without a file name.
  delete plans[17].filename;
  delete plans[38].filename;
  plans[23].status = 'failed';
  plans[49].status = 'pending';
  plans[50].status = 'queued';
  plans[51].status = 'indexing';
  return plans;
}

function plans(rand: () => number): IndexPlan[] {
  return [
    {
      name: 'Product demos',
      created: '2026-01-12T09:14:03Z',
      models: [MARENGO_AV, PEGASUS_AV],
      addons: ['thumbnail'],
      assets: [
        { filename: 'onboarding-walkthrough-v3.mp4', minSec: 240, maxSec: 720, userMetadata: META.explorer },
        { filename: 'dashboard-tour-2026-q1.mov', minSec: 120, maxSec: 600 },
        { filename: 'api-keys-in-60-seconds.mp4', minSec: 55, maxSec: 65, userMetadata: META.playground },
        { filename: 'search-feature-deep-dive.mp4', minSec: 600, maxSec: 900, status: 'failed' },
      ],
    },
    {
      name: 'Support calls 2026',
      created: '2026-01-20T14:02:41Z',
      models: [MARENGO_AV],
      assets: supportCallPlans(rand),
    },
    {
      name: 'Marketing b-roll',
      created: '2026-02-10T11:45:00Z',
      models: [{ model_name: 'marengo3.0', model_options: ['visual'] }],
      addons: ['thumbnail'],
      assets: [
        { filename: 'city-timelapse-4k.mp4', minSec: 5, maxSec: 12 },
        { filename: 'team-office-candid-shots.mp4', minSec: 20, maxSec: 40 },
        { filename: 'drone-coastline-sunrise.mov', minSec: 15, maxSec: 35, status: 'indexing', noDuration: true },
      ],
    },
    {
      name: 'Lecture archive',
      created: '2026-03-03T08:30:12Z',
      freePlan: true,
      models: [PEGASUS_AV],
      assets: [
        { filename: 'intro-to-computer-vision-lecture-01.mp4', minSec: 3000, maxSec: 4200 },
        { filename: 'intro-to-computer-vision-lecture-02.mp4', minSec: 3000, maxSec: 4200 },
        { filename: 'guest-talk-multimodal-retrieval.mp4', minSec: 6600, maxSec: 7200, userMetadata: META.guestTalk },
      ],
    },
    { name: 'Scratch', created: '2026-05-18T16:20:55Z', models: [MARENGO_AV], assets: [] },
  ];
}

const FORMATS = [
  { width: 1920, height: 1080, fps: 29.97, bytesPerSec: 625_000 },
  { width: 1280, height: 720, fps: 30, bytesPerSec: 312_500 },
  { width: 3840, height: 2160, fps: 24, bytesPerSec: 2_500_000 },
  { width: 1920, height: 1080, fps: 25, bytesPerSec: 600_000 },
  { width: 1080, height: 1920, fps: 60, bytesPerSec: 900_000 },
];

export function sampleAccount(): FakeAccount {
  const rand = prng(0x7e1f_ab5);
  const newId = (ms: number) => hex8(ms / 1000) + hex8(rand() * 0x1_0000_0000) + hex8(rand() * 0x1_0000_0000);

  const account: FakeAccount = { indexes: [], assets: [] };
  for (const plan of plans(rand)) {
    const created = Date.parse(plan.created);
    const indexId = newId(created);
    // Spread uploads from shortly after creation up to the end of June 2026.
    const span = Math.max(Date.parse('2026-06-30T18:00:00Z') - created - DAY, DAY);
    const step = span / Math.max(plan.assets.length, 1);
    let lastUpdate = created;
    plan.assets.forEach((spec, i) => {
      const createdMs = Math.round(created + DAY / 2 + i * step + rand() * step * 0.8);
      const status: AssetStatus = spec.status ?? 'ready';
      const fmt = FORMATS[Math.floor(rand() * FORMATS.length)];
      const duration = Math.round((spec.minSec + rand() * (spec.maxSec - spec.minSec)) * 1000) / 1000;
      const asset: FakeAsset = {
        _id: newId(createdMs),
        index_id: indexId,
        status,
        system_metadata: {},
        created_at: iso(createdMs),
        updated_at: iso(createdMs),
      };
      if (!plan.freePlan) asset.asset_id = newId(createdMs - 40_000);
      const meta = asset.system_metadata;
      if (spec.filename !== undefined) meta.filename = spec.filename;
      if (!spec.noDuration) meta.duration = duration;
      Object.assign(meta, { fps: fmt.fps, width: fmt.width, height: fmt.height });
      meta.size = Math.round(duration * fmt.bytesPerSec * (0.85 + rand() * 0.3));
      let updatedMs = createdMs + Math.round((1 + rand() * 4) * MINUTE);
      if (status === 'ready') {
        updatedMs = createdMs + Math.round((duration / 4 + 60 + rand() * 600) * 1000);
        asset.indexed_at = iso(updatedMs);
        // A few got their metadata edited later.
        if (spec.userMetadata && rand() < 0.7) updatedMs += Math.round((1 + rand() * 20) * DAY);
      } else if (status === 'failed') {
        updatedMs = createdMs + Math.round((5 + rand() * 25) * MINUTE);
      }
      asset.updated_at = iso(updatedMs);
      if (spec.userMetadata) asset.user_metadata = { ...spec.userMetadata };
      lastUpdate = Math.max(lastUpdate, updatedMs);
      account.assets.push(asset);
    });
    account.indexes.push({
      _id: indexId,
      index_name: plan.name,
      created_at: plan.created,
      updated_at: iso(lastUpdate),
      expires_at: plan.freePlan ? iso(created + 90 * DAY) : null,
      models: plan.models.map((m) => ({ model_name: m.model_name, model_options: [...m.model_options] })),
      addons: [...(plan.addons ?? [])],
    });
  }
  const uploads = account.assets.flatMap((asset) => (asset.asset_id ? [sourceOf(asset, asset.asset_id)] : []));
  // Drawn after everything above, so the indexes and indexed assets stay as they were.
  shareWithMarketing(account, rand, newId);
  const unused = UNUSED_UPLOADS.map((upload) => unusedUpload(upload, rand, newId));
  account.sourceAssets = [...uploads, ...unused];
  return account;
}

const MIME_TYPES: Record<string, string> = {
  mp4: 'video/mp4',
  mov: 'video/quicktime',
  webm: 'video/webm',
  m4a: 'audio/mp4',
};
const mimeType = (filename = '') => MIME_TYPES[filename.slice(filename.lastIndexOf('.') + 1)] ?? 'video/mp4';
/** The object without its undefined keys, as the API leaves fields out. */
const defined = <T extends object>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, value]) => value !== undefined)) as T;

/** The upload an indexed asset was made from, 40 s before it (as its asset_id's time says). */
function sourceOf(asset: Pick<FakeAsset, 'created_at' | 'system_metadata'>, _id: string): FakeSourceAsset {
  const { filename, size, duration } = asset.system_metadata;
  const created_at = iso(Date.parse(asset.created_at) - 40_000);
  const file_type = mimeType(filename);
  return defined({ _id, method: 'direct', status: 'ready', filename, file_type, created_at, size, duration });
}

/** Two "Product demos" uploads also indexed in "Marketing b-roll", this many days after the later of the two. */
const SHARED: [filename: string, days: number][] = [
  ['dashboard-tour-2026-q1.mov', 9],
  ['api-keys-in-60-seconds.mp4', 23],
];

function shareWithMarketing(account: FakeAccount, rand: () => number, newId: (ms: number) => string): void {
  const marketing = account.indexes.find((i) => i.index_name === 'Marketing b-roll') as FakeIndex;
  for (const [filename, days] of SHARED) {
    const original = account.assets.find((a) => a.system_metadata.filename === filename) as FakeAsset;
    const after = Math.max(Date.parse(original.created_at), Date.parse(marketing.created_at));
    const createdMs = after + days * DAY + Math.round(rand() * DAY);
    const indexedMs = createdMs + Math.round((60 + rand() * 600) * 1000);
    const indexed_at = iso(indexedMs);
    account.assets.push({
      _id: newId(createdMs),
      index_id: marketing._id,
      asset_id: original.asset_id,
      status: 'ready',
      system_metadata: { ...original.system_metadata },
      created_at: iso(createdMs),
      updated_at: indexed_at,
      indexed_at,
    });
    if (indexedMs > Date.parse(marketing.updated_at)) marketing.updated_at = indexed_at;
  }
}

type Upload = [
  filename: string,
  method: FakeSourceAsset['method'],
  status: FakeSourceAsset['status'],
  created_at: string,
  duration?: number,
  user_metadata?: FakeSourceAsset['user_metadata'],
];

/** Uploads that no index uses. Size and duration are set once an upload is ready. */
const UNUSED_UPLOADS: Upload[] = [
  ['old-onboarding-walkthrough-v2.mp4', 'url', 'ready', '2025-11-04T10:12:09Z', 512.4],
  ['webinar-2025-12-raw.mov', 'multipart', 'ready', '2025-12-16T17:40:31Z', 3611.2, { event: 'webinar' }],
  ['podcast-episode-12.mp4', 'url', 'ready', '2026-04-08T07:05:44Z', 2710.8],
  ['screen-recording-2026-06-02.webm', 'direct', 'failed', '2026-06-02T13:22:10Z'],
  ['podcast-episode-13.m4a', 'url', 'processing', '2026-06-29T08:51:37Z'],
];

function unusedUpload(upload: Upload, rand: () => number, newId: (ms: number) => string): FakeSourceAsset {
  const [filename, method, status, created_at, duration, user_metadata] = upload;
  const size = duration && Math.round(duration * 625_000 * (0.85 + rand() * 0.3));
  const [_id, file_type] = [newId(Date.parse(created_at)), mimeType(filename)];
  return defined({ _id, method, status, filename, file_type, created_at, user_metadata, size, duration });
}

const BULK_NEWEST_MS = Date.parse('2026-03-01T00:00:00Z');
/** An ObjectId-like ID from a time and a serial number unique in its account. */
const id = (ms: number, serial: number) => hex8(ms / 1000) + serial.toString(16).padStart(16, '0');

/**
 * One index with `count` ready assets. Deterministic: bulk-00001.mp4 is the newest, each next one
 * 30 s older, so the default listing (created_at desc) pages in filename order.
 */
export function accountWithAssets(count: number, indexName = 'Bulk'): FakeAccount {
  const indexCreatedMs = BULK_NEWEST_MS - count * 30_000 - DAY;
  const indexId = id(indexCreatedMs, 0);
  const assets = Array.from({ length: count }, (_, i): FakeAsset => {
    const n = i + 1;
    const createdMs = BULK_NEWEST_MS - i * 30_000;
    const duration = 30 + ((n * 37) % 1800);
    const indexedAt = iso(createdMs + 120_000);
    const filename = `bulk-${String(n).padStart(5, '0')}.mp4`;
    return {
      _id: id(createdMs, n),
      index_id: indexId,
      status: 'ready',
      system_metadata: { filename, duration, fps: 30, width: 1920, height: 1080, size: duration * 625_000 },
      created_at: iso(createdMs),
      updated_at: indexedAt,
      indexed_at: indexedAt,
    };
  });
  const index: FakeIndex = {
    _id: indexId,
    index_name: indexName,
    created_at: iso(indexCreatedMs),
    updated_at: iso(BULK_NEWEST_MS + 120_000),
    expires_at: null,
    models: [{ ...MARENGO_AV, model_options: ['visual', 'audio'] }],
    addons: [],
  };
  return { indexes: [index], assets };
}

/**
 * `sourceAssets` ready uploads (upload-00001.mp4 the newest, each next one 30 s older) indexed across `indexes`
 * indexes (at least 2): every tenth upload is unused, the one after it is in two indexes, the rest are in one.
 * Deterministic; for the benchmark.
 */
export function accountWithUsage(sourceAssets: number, indexes: number): FakeAccount {
  const indexCreatedMs = BULK_NEWEST_MS - sourceAssets * 30_000 - DAY;
  const uploads: FakeSourceAsset[] = [];
  const account: FakeAccount = { indexes: [], assets: [], sourceAssets: uploads };
  for (let k = 0; k < indexes; k++) {
    account.indexes.push({
      _id: id(indexCreatedMs, 0x3_0000_0000 + k),
      index_name: `Index ${String(k + 1).padStart(2, '0')}`,
      created_at: iso(indexCreatedMs),
      updated_at: iso(BULK_NEWEST_MS + DAY),
      expires_at: null,
      models: [{ ...MARENGO_AV, model_options: ['visual', 'audio'] }],
      addons: [],
    });
  }
  // Indexed assets go round the indexes in turn, so an upload used twice is in two of them.
  const push = (asset: Omit<FakeAsset, 'index_id'>) =>
    account.assets.push({ ...asset, index_id: account.indexes[account.assets.length % indexes]._id });
  for (let n = 1; n <= sourceAssets; n++) {
    const createdMs = BULK_NEWEST_MS - (n - 1) * 30_000;
    const duration = 30 + ((n * 37) % 1800);
    const indexedAt = iso(createdMs + 120_000);
    const filename = `upload-${String(n).padStart(5, '0')}.mp4`;
    const asset = {
      _id: id(createdMs, 0x1_0000_0000 + n),
      asset_id: id(createdMs - 40_000, n),
      status: 'ready' as const,
      system_metadata: { filename, duration, fps: 30, width: 1920, height: 1080, size: duration * 625_000 },
      created_at: iso(createdMs),
      updated_at: indexedAt,
      indexed_at: indexedAt,
    };
    uploads.push(sourceOf(asset, asset.asset_id));
    // Every tenth upload is unused; the one after it is in two indexes.
    if (n % 10 !== 0) push(asset);
    if (n % 10 === 1)
      push({ ...asset, _id: id(createdMs, 0x2_0000_0000 + n), system_metadata: { ...asset.system_metadata } });
  }
  return account;
}

/**
 * One index of `ready + failed` indexed assets, as accountWithAssets names and dates them, the two
 * statuses spread evenly through creation time; each has an asset_id (no uploads are listed), and
 * every fifth has user_metadata. Deterministic; for the benchmark.
 */
export function accountWithStatuses(ready: number, failed: number): FakeAccount {
  const total = ready + failed;
  const account = accountWithAssets(total, 'Statuses');
  account.assets.forEach((asset, i) => {
    const createdMs = Date.parse(asset.created_at);
    asset.asset_id = id(createdMs - 40_000, 0x4_0000_0000 + i);
    if (i % 5 === 0) asset.user_metadata = { batch: `b${i % 7}`, reviewed: i % 2 === 0, priority: i % 3 };
    // The i-th asset is ready when the running share of ready ones steps up there.
    if (Math.floor(((i + 1) * ready) / total) === Math.floor((i * ready) / total)) {
      asset.status = 'failed';
      asset.updated_at = iso(createdMs + 5 * MINUTE);
      delete asset.indexed_at;
    }
  });
  return account;
}
