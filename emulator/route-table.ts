/**
 * The route table: the routes' `:name` patterns compiled once, and the match of a method and path
 * to its route. It knows nothing of HTTP; the dispatcher (`dispatcher.ts`) does.
 */
import type { Route } from "./route-contract.js";

/**
 * What {@link RouteTable.match} finds for a request. Parameters stay percent-encoded: the
 * dispatcher decodes them only after the auth check, so an unauthorised request is a 401 whatever
 * its path holds.
 */
export type RouteMatch =
  | { route: Route; encodedParams: Record<string, string> }
  /** 404 when no route has the path, 405 when routes have it but not for this method. */
  | { route?: undefined; status: 404 | 405 };

interface CompiledRoute {
  route: Route;
  regex: RegExp;
  names: string[];
}

function compile(route: Route): CompiledRoute {
  const names: string[] = [];
  const src = route.pattern
    .split("/")
    .map((seg) => {
      if (seg.startsWith(":")) {
        names.push(seg.slice(1));
        return "([^/]+)";
      }
      return seg.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    })
    .join("/");
  return { route, regex: new RegExp(`^${src}/?$`), names };
}

/** Routes compiled once, matched in the order given; a trailing slash on the path is accepted. */
export class RouteTable {
  private readonly routes: CompiledRoute[];

  constructor(routes: readonly Route[]) {
    this.routes = routes.map(compile);
  }

  /** The first route with this method and path, with its `:name` parameters. */
  match(method: string, path: string): RouteMatch {
    let pathMatched = false;
    for (const c of this.routes) {
      const m = c.regex.exec(path);
      if (!m) continue;
      pathMatched = true;
      if (c.route.method !== method) continue;
      const encodedParams: Record<string, string> = {};
      c.names.forEach((n, i) => {
        encodedParams[n] = m[i + 1] ?? "";
      });
      return { route: c.route, encodedParams };
    }
    return { status: pathMatched ? 405 : 404 };
  }
}
