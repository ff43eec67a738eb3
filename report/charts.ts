// What the report charts: each chart is one resource, summed as unit-months per agency, its bars
// stacked by series. The specs travel in the data island, so the page's script redraws the same
// charts from the filtered data.
import type { Resources, Service } from '../schemas/records.js';

/** A bar segment: the items of some services, counted by one of their resources. Whole hosts
 * (云服务器（4核8G）× 20 台) count in the vCPU and memory charts through their resources: a
 * `whole` series takes the items billed in pieces (machines, hosts, sets), not in vCPU, GB or Mbps. */
export interface Series { services: Service[]; label: string; color: string; whole?: boolean }
export interface ChartSpec { id: string; title: string; unit: string; resource: keyof Resources; series: Series[] }

const HOSTS: Service[] = ['compute.vcpu', 'compute.gpu'];

const STORAGE: Series[] = [
  { services: ['storage.standard'], label: 'standard', color: '#4e79a7' },
  { services: ['storage.performance'], label: 'high-performance', color: '#e15759' },
  { services: ['storage.object'], label: 'object', color: '#76b7b2' },
  { services: ['storage.file'], label: 'file', color: '#edc948' },
  { services: ['storage.centralized'], label: 'centralized', color: '#9c755f' },
  { services: ['storage.backup'], label: 'backup', color: '#b07aa1' },
  { services: ['storage.offsite_backup'], label: 'off-site backup', color: '#ff9da7' },
];

export const CHARTS: ChartSpec[] = [
  { id: 'vcpu', title: 'vCPU', unit: 'vCPU', resource: 'vcpu', series: [
    { services: ['compute.vcpu'], label: 'vCPU', color: '#4e79a7' },
    { services: HOSTS, label: 'in whole hosts', color: '#a0cbe8', whole: true },
  ] },
  { id: 'memory', title: 'Memory', unit: 'GB', resource: 'memory_gb', series: [
    { services: ['compute.memory'], label: 'memory', color: '#59a14f' },
    { services: HOSTS, label: 'in whole hosts', color: '#8cd17d', whole: true },
  ] },
  { id: 'storage', title: 'Storage by tier', unit: 'GB', resource: 'storage_gb', series: STORAGE },
  { id: 'bandwidth', title: 'Internet bandwidth', unit: 'Mbps', resource: 'bandwidth_mbps', series: [{ services: ['network.bandwidth'], label: 'bandwidth', color: '#f28e2b' }] },
];
