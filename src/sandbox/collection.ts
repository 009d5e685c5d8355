// An insertion-ordered store of Okta objects. Each object gets a sequence number at insertion, which the pagination
// cursor encodes, so a page boundary survives deletes and inserts between requests (no gaps, no duplicates).

export class Collection<T extends { id: string }> {
  private readonly items = new Map<string, T>();
  private readonly seqs = new Map<string, number>();
  constructor(private readonly nextSeq: () => number) {}

  get(id: string): T | undefined {
    return this.items.get(id);
  }
  has(id: string): boolean {
    return this.items.has(id);
  }
  /** Inserts a new object at the end, or replaces one in place (keeping its position). */
  put(item: T): T {
    if (!this.seqs.has(item.id)) this.seqs.set(item.id, this.nextSeq());
    this.items.set(item.id, item);
    return item;
  }
  delete(id: string): boolean {
    this.seqs.delete(id);
    return this.items.delete(id);
  }
  values(): IterableIterator<T> {
    return this.items.values();
  }
  get size(): number {
    return this.items.size;
  }
  seqOf(id: string): number {
    return this.seqs.get(id) ?? -1;
  }
  find(predicate: (item: T) => boolean): T | undefined {
    for (const item of this.items.values()) if (predicate(item)) return item;
    return undefined;
  }
}
