// node-fetch 2 parses every request URL with the legacy url.parse(), which newer Node versions
// deprecate out loud (DEP0169) in the extension host's log. It only ever passes it absolute
// http(s) URLs it has already normalised with the WHATWG parser, so that parser gives the same
// fields. Everything else is Node's own `url` module ('node:url', which the alias leaves alone).
const nodeUrl = require('node:url');

const NOT_ABSOLUTE = {
  protocol: null,
  slashes: null,
  auth: null,
  host: null,
  port: null,
  hostname: null,
  hash: null,
  search: null,
  query: null,
  pathname: null,
  path: null,
};

function parse(text) {
  let url;
  try {
    url = new nodeUrl.URL(text);
  } catch {
    // node-fetch then refuses it: "Only absolute URLs are supported".
    return { ...NOT_ABSOLUTE, href: text };
  }
  const user = decodeURIComponent(url.username);
  return {
    protocol: url.protocol,
    slashes: true,
    auth: user ? (url.password ? `${user}:${decodeURIComponent(url.password)}` : user) : null,
    host: url.host,
    port: url.port || null,
    hostname: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    hash: url.hash || null,
    search: url.search || null,
    query: url.search ? url.search.slice(1) : null,
    pathname: url.pathname,
    path: url.pathname + url.search,
    href: url.href,
  };
}

function format(parsed) {
  return typeof parsed === 'string' ? parsed : parsed.href;
}

module.exports = { ...nodeUrl, parse, format };
