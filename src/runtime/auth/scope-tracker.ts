// Tracks what Okta granted against what was configured, warns once per change, and notifies listeners
// (the server sends tools/list_changed) when the granted set changes.
import type { Logger } from "../logger.js";
import { narrowScopes, type ScopeNarrowing } from "../scopes.js";

export class ScopeTracker {
  private narrowing: ScopeNarrowing | undefined;
  private readonly listeners: Array<() => void> = [];

  constructor(
    private readonly configured: readonly string[],
    private readonly log: Logger,
  ) {}

  /** Known narrowing, or undefined before any token. */
  current(): ScopeNarrowing | undefined {
    return this.narrowing;
  }

  grantedOrConfigured(): string[] {
    return this.narrowing ? [...this.narrowing.granted] : [...this.configured];
  }

  /** Returns whether listeners were notified. */
  update(grantedByOkta: readonly string[] | undefined): boolean {
    const next = narrowScopes(this.configured, grantedByOkta);
    const previous = this.narrowing;
    this.narrowing = next;
    if (previous && sameList(previous.granted, next.granted)) return false;
    if (next.notGranted.length > 0) {
      this.log.warn(`Okta did not grant these configured scopes: ${next.notGranted.join(" ")} (tools that need them are hidden)`);
    }
    const changed = previous ? !sameList(previous.granted, next.granted) : !sameList(this.configured, next.granted);
    if (changed) this.emit();
    return changed;
  }

  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  emit(): void {
    for (const listener of this.listeners) {
      try {
        listener();
      } catch {
        // A listener's failure must not break authentication.
      }
    }
  }
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((s, i) => s === b[i]);
}
