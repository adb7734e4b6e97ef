/**
 * A query string as webob's MultiDict, which Cinder's list code reads: every pair in order; a
 * lookup finds the last value of a key. Cinder pops the parameters it consumes (limit, marker,
 * sort...) and treats whatever is left as filters.
 */
export class QueryParams {
  private constructor(private pairs: Array<[string, string]>) {}

  static fromUrl(url: string): QueryParams {
    const question = url.indexOf('?');
    return new QueryParams(question < 0 ? [] : [...new URLSearchParams(url.slice(question + 1)).entries()]);
  }

  static of(pairs: Array<[string, string]>): QueryParams {
    return new QueryParams([...pairs]);
  }

  copy(): QueryParams {
    return new QueryParams([...this.pairs]);
  }

  has(key: string): boolean {
    return this.pairs.some(([k]) => k === key);
  }

  get(key: string): string | undefined {
    for (let i = this.pairs.length - 1; i >= 0; i--) if (this.pairs[i][0] === key) return this.pairs[i][1];
    return undefined;
  }

  /** Removes every value of the key, returning the last. */
  pop(key: string): string | undefined {
    const value = this.get(key);
    this.pairs = this.pairs.filter(([k]) => k !== key);
    return value;
  }

  /** Distinct keys, in the order they first appear. */
  keys(): string[] {
    return [...new Set(this.pairs.map(([k]) => k))];
  }

  /** The filters Cinder builds from what is left: one value per key, the last one. */
  toDict(): Map<string, string> {
    return new Map(this.keys().map((key) => [key, this.get(key)!]));
  }

  /** `urlencode` of the pairs with the marker set (webob's `params[k] = v` moves it to the end). */
  encodeWithMarker(marker: string): string {
    const pairs = this.pairs.filter(([k]) => k !== 'marker');
    pairs.push(['marker', marker]);
    return pairs.map(([k, v]) => `${quotePlus(k)}=${quotePlus(v)}`).join('&');
  }
}

/** Python's urllib.parse.quote_plus. */
function quotePlus(text: string): string {
  return encodeURIComponent(text)
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+')
    .replace(/%7E/gi, '~');
}
