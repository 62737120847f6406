// The API's rules, checked as the user types. The API checks again and has the last word.
const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

export function name(value) {
  if (!value.trim()) return 'Enter a name.';
  if (value.length > 120) return `At most 120 characters (this is ${value.length}).`;
  return '';
}

export function guid(what) {
  return (value) => {
    if (!value.trim()) return `Enter the ${what}.`;
    if (!GUID.test(value.trim())) return `The ${what} is a GUID like 8f5c1c3e-2a4b-4c6d-9e8f-0a1b2c3d4e5f.`;
    return '';
  };
}

export function resourceGroup(value) {
  if (!value) return 'Enter the resource group of your VNET.';
  if (value.length > 90) return `At most 90 characters (this is ${value.length}).`;
  if (!/^[A-Za-z0-9_\-.()]+$/.test(value)) return 'Use letters, digits and _ - . ( ) only.';
  if (value.endsWith('.')) return 'A resource group name cannot end with a period.';
  return '';
}

export function vnetName(value) {
  if (!value) return 'Enter the name of your VNET.';
  if (value.length < 2 || value.length > 64) return `2 to 64 characters (this is ${value.length}).`;
  if (!/^[A-Za-z0-9][A-Za-z0-9_\-.]*[A-Za-z0-9_]$/.test(value)) {
    return 'Letters, digits, _ - . only; start with a letter or digit; end with a letter, digit or _.';
  }
  return '';
}

export function required(what) {
  return (value) => (value.trim() ? '' : `Enter ${what}, or remove it.`);
}

// ---- CIDR blocks ----

function parseBlock(text) {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(text.trim());
  if (!m) return null;
  const octets = m.slice(1, 5).map(Number);
  const prefix = Number(m[5]);
  if (octets.some((o) => o > 255) || prefix > 32) return null;
  const address = ((octets[0] << 24) >>> 0) + (octets[1] << 16) + (octets[2] << 8) + octets[3];
  return { address, prefix };
}

function mask(prefix) { return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0; }
function network(block) { return (block.address & mask(block.prefix)) >>> 0; }
function show(address, prefix) {
  return `${address >>> 24}.${(address >>> 16) & 255}.${(address >>> 8) & 255}.${address & 255}/${prefix}`;
}

function contains(outer, inner) {
  return inner.prefix >= outer.prefix && network({ address: inner.address, prefix: outer.prefix }) === network(outer);
}

function overlaps(a, b) {
  const prefix = Math.min(a.prefix, b.prefix);
  return network({ address: a.address, prefix }) === network({ address: b.address, prefix });
}

export const ZONES_PREFIX = [[5, 21], [3, 22], [2, 23]];

// Returns '' when the block is acceptable, else what to change. rules: {provider, allowed,
// reserved} (from availability.json); zones: how many availability zones are chosen.
export function cidr(text, rules, zones) {
  if (!text.trim()) return 'Enter an address range, such as 10.1.0.0/16.';
  const block = parseBlock(text);
  if (!block) return 'Write an IPv4 range with a prefix length, such as 10.1.0.0/16.';
  const longest = rules.provider === 'azure' ? 21 : 23;
  if (block.prefix < 16 || block.prefix > longest) {
    return `The prefix length must be /16 to /${longest} (this is /${block.prefix}).`;
  }
  if (network(block) !== block.address) {
    return `That is not the start of a range: did you mean ${show(network(block), block.prefix)}?`;
  }
  const allowed = (rules.allowed || []).map(parseBlock).filter(Boolean);
  if (allowed.length > 0 && !allowed.some((a) => contains(a, block))) {
    return `Use a private range: inside ${(rules.allowed || []).join(', ')}.`;
  }
  for (const text of rules.reserved || []) {
    const reserved = parseBlock(text);
    if (reserved && overlaps(reserved, block)) return `${text} is reserved by the platform; pick a range that does not overlap it.`;
  }
  for (const [count, prefix] of ZONES_PREFIX) {
    if (zones >= count && block.prefix > prefix) {
      return `${zones} availability zones need a /${prefix} or larger range (this is /${block.prefix}).`;
    }
  }
  return '';
}

export function cidrSize(text) {
  const block = parseBlock(text);
  return block ? 2 ** (32 - block.prefix) : 0;
}
