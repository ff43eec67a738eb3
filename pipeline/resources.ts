// The resources an item buys in all (vCPU, memory, storage, bandwidth), so that buyers of
// whole hosts compare with buyers of vCPU: from the billing unit (`1CPU` × 292 → 292 vCPU)
// or, for a host sold whole (`云服务器（4核8G）` × 20 台), from its spec × the quantity.
import type { BillingUnit, Resources, Service, Spec } from '../schemas/records.js';
import { round } from './units.js';

/** Services whose items are whole machines: their specs say what one machine has. */
const HOSTS: ReadonlySet<Service> = new Set(['compute.vcpu', 'compute.gpu', 'compute.bare_metal']);
const MEMORY: ReadonlySet<Service> = new Set(['compute.memory', 'compute.bare_metal.memory']);

const figure = (s: Spec): number | null => s.value ?? s.min ?? null;

/** What one host has, from its specs: cores (× sockets), memory, disks. */
function perHost(specs: Spec[]): Resources {
  const first = (key: Spec['key']) => { const s = specs.find((x) => x.key === key); return s ? figure(s) : null; };
  const cores = first('cpu_cores');
  const sockets = first('cpu_sockets');
  const count = first('disk_count') ?? 1;
  let disk: number | null = null;
  for (const s of specs) {
    const v = figure(s);
    if (v === null || (s.key !== 'disk_gb' && s.key !== 'disk_tb')) continue;
    // A count of disks (4块1.2TB) multiplies the size stated with it, not the system disk.
    const n = /块/.test(s.raw) ? count : 1;
    disk = (disk ?? 0) + v * (s.key === 'disk_tb' ? 1024 : 1) * n;
  }
  return {
    vcpu: cores === null ? null : cores * (sockets ?? 1),
    memory_gb: first('memory_gb'),
    storage_gb: disk,
    bandwidth_mbps: null,
  };
}

const times = (v: number | null, q: number) => (v === null ? null : round(v * q));

export function resourcesOf(service: Service, billing: BillingUnit, quantity: number, total: number, specs: Spec[]): Resources {
  const out: Resources = { vcpu: null, memory_gb: null, storage_gb: null, bandwidth_mbps: null };
  switch (billing.unit) {
    case 'vCPU':
      out.vcpu = total;
      return out;
    case 'GB':
      if (MEMORY.has(service)) out.memory_gb = total;
      else if (service.startsWith('storage.') || service === 'compute.bare_metal.disk') out.storage_gb = total;
      return out;
    case 'Mbps':
      // A DDoS scrubbing capacity in Gbps is protection, not bandwidth the buyer uses.
      if (service.startsWith('network.')) out.bandwidth_mbps = total;
      return out;
    default: {
      // Memory modules and disks counted by the piece (16 条 of 64GB): the piece's size, times the pieces.
      const one = perHost(specs);
      const pieces = quantity * billing.size;
      if (MEMORY.has(service)) return { ...out, memory_gb: times(one.memory_gb, pieces) };
      if (service.startsWith('storage.') || service === 'compute.bare_metal.disk') return { ...out, storage_gb: times(one.storage_gb, pieces) };
      if (!HOSTS.has(service)) return out;
      // A host sold whole: its spec, times the hosts bought.
      return { vcpu: times(one.vcpu, pieces), memory_gb: times(one.memory_gb, pieces), storage_gb: times(one.storage_gb, pieces), bandwidth_mbps: null };
    }
  }
}
