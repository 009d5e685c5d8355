// oidc-provider's storage adapter over the remote mode's state store: grants, codes, tokens, sessions,
// interactions and client registrations live wherever the store does (memory, or Redis for many instances).
import type { Adapter, AdapterPayload } from "oidc-provider";
import type { StateStore } from "../state/store.js";

const DEFAULT_TTL_S = 14 * 86_400;
// Models that oidc-provider revokes together when a grant is revoked (a refresh token reused, a code replayed).
const GRANTABLE = new Set(["AccessToken", "AuthorizationCode", "RefreshToken", "DeviceCode", "BackchannelAuthenticationRequest"]);

export function storeAdapterFactory(store: StateStore) {
  return class StoreAdapter implements Adapter {
    constructor(private readonly model: string) {}

    private key(id: string) {
      return `oidc:${this.model}:${id}`;
    }

    async upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
      const ttlMs = (expiresIn || DEFAULT_TTL_S) * 1000;
      await store.set(this.key(id), JSON.stringify(payload), ttlMs);
      if (GRANTABLE.has(this.model) && payload.grantId) await store.addToSet(`oidc:grant:${payload.grantId}`, this.key(id), ttlMs);
      if (payload.uid) await store.set(`oidc:${this.model}:uid:${payload.uid}`, id, ttlMs);
      if (payload.userCode) await store.set(`oidc:${this.model}:userCode:${payload.userCode}`, id, ttlMs);
    }

    async find(id: string): Promise<AdapterPayload | undefined> {
      const raw = await store.get(this.key(id));
      return raw ? (JSON.parse(raw) as AdapterPayload) : undefined;
    }

    async findByUid(uid: string): Promise<AdapterPayload | undefined> {
      const id = await store.get(`oidc:${this.model}:uid:${uid}`);
      return id ? this.find(id) : undefined;
    }

    async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
      const id = await store.get(`oidc:${this.model}:userCode:${userCode}`);
      return id ? this.find(id) : undefined;
    }

    async consume(id: string): Promise<void> {
      const payload = await this.find(id);
      if (!payload) return;
      payload.consumed = Math.floor(Date.now() / 1000);
      const ttlS = typeof payload.exp === "number" ? Math.max(1, payload.exp - Math.floor(Date.now() / 1000)) : DEFAULT_TTL_S;
      await store.set(this.key(id), JSON.stringify(payload), ttlS * 1000);
    }

    async destroy(id: string): Promise<void> {
      await store.del(this.key(id));
    }

    async revokeByGrantId(grantId: string): Promise<void> {
      const keys = await store.members(`oidc:grant:${grantId}`);
      await store.del(...keys, `oidc:grant:${grantId}`);
    }
  };
}
