// Admin role inventory: who holds which admin role, directly or through which group, their status and last
// sign-in. Flags super admins, admins who are not ACTIVE, and admins without a sign-in for `days` days.
import { OktaApiError } from "../runtime/errors.js";
import { nextCursorFromLink } from "../runtime/link-header.js";
import { must } from "../runtime/okta-client.js";
import { LIST_GROUP_ROLES, LIST_USER_GROUPS } from "./catalog.js";
import { bump, type Cell, DAY_MS, field, type ReportFunction, str, topCounts } from "./types.js";

interface Holding {
  type: string;
  label: string;
  assignment: string;
  via?: string;
}

interface Admin {
  id: string;
  login: string;
  status: string;
  lastLogin: string | null;
  roles: Holding[];
}

const SAFE_ID = /^[A-Za-z0-9_-]{1,64}$/;

export const adminRoles: ReportFunction = async (ctx) => {
    const days = typeof ctx.options.days === "number" ? ctx.options.days : 90;
    // The assignees list pages with an `after` cursor in its body's _links.next (and the Link header).
    const ids: string[] = [];
    let after: string | undefined;
    for (let page = 0; page < 1000; page++) {
      const { data, response } = await ctx.client.GET("/api/v1/iam/assignees/users", { params: { query: { limit: 100, after } } });
      for (const entry of data?.value ?? []) if (typeof entry.id === "string" && SAFE_ID.test(entry.id)) ids.push(entry.id);
      const href = str(field(data, "_links.next.href"));
      const next = nextCursorFromLink(response.headers.get("link")) ?? (href ? nextCursorFromLink(`<${href}>; rel="next"`) : undefined);
      if (!next || next === after || !data?.value?.length) break;
      after = next;
      if (page === 999) throw new OktaApiError("Stopped after 1,000 pages of role assignees: the list did not end.", { status: response.status });
    }
    await ctx.progress(`${ids.length} users hold admin roles`);

    const admins: Admin[] = [];
    await ctx.parallel(ids, async (id) => {
      const [user, roles] = await Promise.all([
        ctx.client.GET("/api/v1/users/{id}", { params: { path: { id } } }).then(must),
        ctx.client.GET("/api/v1/users/{userId}/roles", { params: { path: { userId: id } } }).then(must),
      ]);
      admins.push({
        id,
        login: str(user.profile?.login) ?? id,
        status: String(user.status),
        lastLogin: str(user.lastLogin) ?? null,
        roles: roles.map((r) => ({ type: String(r.type), label: String(r.label ?? r.type), assignment: String(r.assignmentType ?? "USER") })),
      });
    });

    // Roles held through a group: find which of the admin's groups carries the role (group roles read once per group).
    const notes: string[] = [];
    const throughGroups = admins.filter((a) => a.roles.some((r) => r.assignment === "GROUP"));
    const groupRoles = new Map<string, { name: string; types: Set<string> }>();
    if (throughGroups.length && ctx.canCall(LIST_USER_GROUPS) && ctx.canCall(LIST_GROUP_ROLES)) {
      await ctx.parallel(throughGroups, async (admin) => {
        const groups = must(await ctx.client.GET("/api/v1/users/{id}/groups", { params: { path: { id: admin.id } } }));
        for (const group of groups) {
          const groupId = group.id;
          if (typeof groupId !== "string" || !SAFE_ID.test(groupId)) continue;
          if (!groupRoles.has(groupId)) {
            const entry = { name: str(group.profile?.name) ?? groupId, types: new Set<string>() };
            groupRoles.set(groupId, entry);
            const roles = must(await ctx.client.GET("/api/v1/groups/{groupId}/roles", { params: { path: { groupId } } }));
            for (const role of roles) entry.types.add(String(role.type));
          }
          const entry = groupRoles.get(groupId)!;
          for (const role of admin.roles) if (role.assignment === "GROUP" && !role.via && entry.types.has(role.type)) role.via = entry.name;
        }
      });
    } else if (throughGroups.length) {
      notes.push(`Roles held through groups are counted, but which group grants them needs ${[...ctx.scopesOf(LIST_USER_GROUPS), ...ctx.scopesOf(LIST_GROUP_ROLES)].join(" ")}.`);
    }

    const asOf = ctx.asOf();
    const byRole = new Map<string, number>();
    const rows: Cell[][] = [];
    let direct = 0;
    let viaGroup = 0;
    const flagged: { login: string; status: string; lastLogin: string | null; roles: string[]; why: string[] }[] = [];
    admins.sort((a, b) => a.login.localeCompare(b.login));
    for (const admin of admins) {
      for (const role of admin.roles) {
        bump(byRole, role.type);
        if (role.assignment === "GROUP") viaGroup++;
        else direct++;
        rows.push([admin.login, admin.id, admin.status, admin.lastLogin, role.type, role.label, role.assignment, role.via ?? null]);
      }
      const why: string[] = [];
      if (admin.roles.some((r) => r.type === "SUPER_ADMIN")) why.push("super admin");
      if (admin.status !== "ACTIVE") why.push(`status ${admin.status}`);
      if (!admin.lastLogin) why.push("never signed in");
      else if ((asOf - Date.parse(admin.lastLogin)) / DAY_MS > days) why.push(`no sign-in for ${days}+ days`);
      if (why.length) flagged.push({ login: admin.login, status: admin.status, lastLogin: admin.lastLogin, roles: [...new Set(admin.roles.map((r) => r.type))], why });
    }
    // Not ACTIVE or stale first: those are the assignments to remove.
    flagged.sort((a, b) => Number(b.why.some((w) => w !== "super admin")) - Number(a.why.some((w) => w !== "super admin")));
    return {
      headline: `${admins.length} users hold ${direct + viaGroup} admin role assignments (${viaGroup} through groups); ${flagged.length} are flagged.`,
      summary: {
        admins: admins.length,
        assignments: direct + viaGroup,
        direct,
        throughGroups: viaGroup,
        byRole: topCounts(byRole, 20),
        superAdmins: admins.filter((a) => a.roles.some((r) => r.type === "SUPER_ADMIN")).map((a) => a.login).slice(0, ctx.top),
        groupsWithRoles: [...groupRoles.values()].filter((g) => g.types.size).map((g) => ({ group: g.name, roles: [...g.types] })).slice(0, ctx.top),
        flagged: flagged.slice(0, ctx.top),
        flaggedTotal: flagged.length,
      },
      tables: [{ name: "assignments", title: "Admin role assignments", columns: ["login", "userId", "status", "lastLogin", "role", "label", "assignment", "throughGroup"], rows }],
      charts: [{ kind: "bars", title: "Admin role assignments by role", bars: [...byRole].sort((a, b) => b[1] - a[1]).map(([label, value]) => ({ label, value })) }],
      notes,
    };
};
