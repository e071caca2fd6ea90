import * as l10n from '@vscode/l10n';
import { TwelveLabsError } from './errors';

export const API_VERSION = 'v1.3';
export const DEFAULT_BASE_URL = `https://api.twelvelabs.io/${API_VERSION}`;

function configError(message: string): TwelveLabsError {
  return new TwelveLabsError({ kind: 'config', message });
}

/** Loopback hosts, the only ones that may be reached over plain http. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return host === 'localhost' || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host);
}

/**
 * Checks the base URL setting and returns it without a trailing slash. An empty value
 * means the default. Everything the key could leak through is refused with a message
 * that says how to fix it.
 */
export function parseBaseUrl(setting: string | undefined): URL {
  const raw = (setting ?? '').trim();
  if (raw === '') {
    return new URL(DEFAULT_BASE_URL);
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw configError(
      l10n.t('The setting twelvelabs.apiBaseUrl is not a valid URL. Use {0}, or remove the setting.', DEFAULT_BASE_URL),
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw configError(l10n.t('The setting twelvelabs.apiBaseUrl must start with https://.'));
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    throw configError(
      l10n.t(
        'The setting twelvelabs.apiBaseUrl uses plain http to a remote host. Your API key would be sent unencrypted, so the request was not made. Use https://.',
      ),
    );
  }
  if (url.username !== '' || url.password !== '') {
    throw configError(l10n.t('The setting twelvelabs.apiBaseUrl must not contain a user name or password.'));
  }
  if (url.search !== '' || url.hash !== '' || raw.includes('?') || raw.includes('#')) {
    throw configError(l10n.t('The setting twelvelabs.apiBaseUrl must not contain a query (?) or a fragment (#).'));
  }
  url.pathname = url.pathname.replace(/\/+$/, '');
  // Other versions answer differently (or with a bare 404 for every path), so none is tried.
  if (!url.pathname.endsWith(`/${API_VERSION}`)) {
    throw configError(
      l10n.t(
        'The setting twelvelabs.apiBaseUrl must end with /{0}, the TwelveLabs API version this extension speaks, as in {1}.',
        API_VERSION,
        DEFAULT_BASE_URL,
      ),
    );
  }
  return url;
}
