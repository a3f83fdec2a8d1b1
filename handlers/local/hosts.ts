/**
 * Which `Host` names the local server answers. A web page can point a DNS name it controls at 127.0.0.1 (DNS
 * rebinding) and then read and write a loopback server as if it were its own origin; answering only the names
 * this server is really reached by closes that door. Browsers always send the name they resolved.
 */

/** Names that only ever mean this machine. */
const LOOPBACK_NAMES = ["localhost", "127.0.0.1", "::1"];
const LOOPBACK_ADDRESS = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/;

/** `Host: example.com:3000` -> `example.com`; `[::1]:3000` -> `::1`; lower case. */
export function hostName(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const trimmed = header.trim().toLowerCase();
  const bracketed = /^\[([^\]]+)\](:\d+)?$/.exec(trimmed);
  if (bracketed) return bracketed[1];
  const name = trimmed.replace(/:\d+$/, "");
  return name === "" ? undefined : name;
}

/**
 * `allowed` (RECO_ALLOWED_HOSTS): exactly these names (`*`: any). Unset: loopback names when the server listens
 * on a loopback address; any name when it listens on the network, where it is reachable by address anyway and
 * keys (or an explicit RECO_AUTH=open) decide who may call it.
 */
export function allowedHostCheck(
  bindHost: string,
  allowed?: readonly string[],
): (header: string | undefined) => boolean {
  const names = allowed ?? (LOOPBACK_ADDRESS.test(bindHost) ? LOOPBACK_NAMES : ["*"]);
  if (names.includes("*")) return () => true;
  // Configured as names (an IPv6 address with or without brackets), never with a port.
  const set = new Set(
    names.map((name) =>
      name
        .trim()
        .toLowerCase()
        .replace(/^\[(.*)\]$/, "$1"),
    ),
  );
  const anyLoopbackV4 = set.has("127.0.0.1");
  return (header) => {
    const name = hostName(header);
    return name !== undefined && (set.has(name) || (anyLoopbackV4 && /^127\.\d+\.\d+\.\d+$/.test(name)));
  };
}
