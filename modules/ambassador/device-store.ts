/**
 * The ambassador device's own storage (IndexedDB through `idb`): who is signed in on this device, each ambassador's
 * offline bundle, and each ambassador's interviews, from the first answer (a draft, saved as it is given) to the
 * queue of finished ones. It survives a reload, a killed browser and a restarted phone.
 *
 * Interviews belong to the ambassador who recorded them: every read is by ambassador, so another user signed in on
 * the same device never sees or sends them. Every read-modify-write happens inside one transaction. Once the server
 * has an interview its answers are deleted here; only id, status and day stay, for the counts.
 */
import { type DBSchema, deleteDB, type IDBPDatabase, openDB } from "idb";
import type { Answers } from "@/lib/battery/logic";
import type { BatteryContent } from "@/lib/battery/schema";
import type { Locale } from "@/lib/i18n/locales";
import type { AmbassadorBundle } from "./bundle";
import type { InterviewStep } from "./interview-plan";
import type { InterviewPayload } from "./sync";

export type DeviceAmbassador = { id: string; name: string };
export type InterviewStatus = "draft" | "pending" | "sent" | "refused";
export type BundleSurvey = AmbassadorBundle["surveys"][number];

/** An interview in progress: everything needed to resume it exactly where it was, with what it was started on. */
export type InterviewDraft = {
  survey: BundleSurvey;
  content: BatteryContent;
  respondentLocale: Locale | null;
  answers: Answers;
  step: InterviewStep;
  startedAt: string;
};

export type DeviceInterview = {
  id: string;
  ambassador: string;
  survey: string;
  status: InterviewStatus;
  /** The device's day it was started (drafts) or finished (the rest). */
  savedOn: string;
  reason?: string;
  draft: InterviewDraft | null;
  /** The interview as it will be sent; removed once the server has it. */
  payload: InterviewPayload | null;
};

interface DeviceSchema extends DBSchema {
  meta: { key: "current"; value: DeviceAmbassador };
  bundles: { key: string; value: AmbassadorBundle };
  interviews: { key: string; value: DeviceInterview; indexes: { "by-ambassador": string } };
}

export const DEVICE_DB = "fb-ambassador";
/** An interview saved by an earlier version of the app, before queues were kept per ambassador. */
const UNOWNED = "";

let opening: Promise<IDBPDatabase<DeviceSchema>> | null = null;

function open(): Promise<IDBPDatabase<DeviceSchema>> {
  opening ??= openDB<DeviceSchema>(DEVICE_DB, 2, {
    upgrade(db, oldVersion, _newVersion, tx) {
      if (oldVersion < 1) {
        db.createObjectStore("interviews", { keyPath: "id" }).createIndex("by-ambassador", "ambassador");
      } else {
        // Version 1 kept one queue for the device: its interviews wait, unowned, for the next ambassador to sign in.
        const legacy = db as unknown as IDBPDatabase;
        if (legacy.objectStoreNames.contains("bundle")) legacy.deleteObjectStore("bundle");
        const store = tx.objectStore("interviews");
        store.createIndex("by-ambassador", "ambassador");
        void store.openCursor().then(async function adopt(cursor): Promise<void> {
          if (!cursor) return;
          const old = cursor.value as Partial<DeviceInterview>;
          await cursor.update({ ...(old as DeviceInterview), ambassador: old.ambassador ?? UNOWNED, draft: null });
          return adopt(await cursor.continue());
        });
      }
      db.createObjectStore("meta");
      db.createObjectStore("bundles");
    },
    blocking() {
      // Another tab wants a newer schema, or the store is being deleted: let it.
      void opening?.then((db) => db.close());
      opening = null;
    },
    terminated() {
      opening = null;
    },
  });
  return opening;
}

const today = () => new Date().toISOString().slice(0, 10);

/** The ambassador signed in on this device (as last confirmed by the server); their unowned legacy queue is theirs. */
export async function setCurrent(ambassador: DeviceAmbassador, bundle: AmbassadorBundle): Promise<void> {
  const db = await open();
  const tx = db.transaction(["meta", "bundles", "interviews"], "readwrite");
  await tx.objectStore("meta").put(ambassador, "current");
  await tx.objectStore("bundles").put(bundle, ambassador.id);
  const interviews = tx.objectStore("interviews");
  for (const item of await interviews.index("by-ambassador").getAll(UNOWNED)) {
    const survey = bundle.surveys.find((s) => s.code === item.survey);
    const payload = item.payload
      ? { ...item.payload, ambassador: ambassador.id, version: item.payload.version ?? survey?.batteryVersionId ?? 0 }
      : null;
    await interviews.put({ ...item, ambassador: ambassador.id, payload });
  }
  await tx.done;
}

export async function current(): Promise<{ ambassador: DeviceAmbassador; bundle: AmbassadorBundle | null } | null> {
  const db = await open();
  const tx = db.transaction(["meta", "bundles"], "readonly");
  const ambassador = await tx.objectStore("meta").get("current");
  const bundle = ambassador ? ((await tx.objectStore("bundles").get(ambassador.id)) ?? null) : null;
  await tx.done;
  return ambassador ? { ambassador, bundle } : null;
}

/** Nobody is signed in on this device any more (their interviews stay, keyed by them). */
export async function clearCurrent(): Promise<void> {
  const db = await open();
  await db.delete("meta", "current");
}

export async function listFor(ambassador: string): Promise<DeviceInterview[]> {
  const db = await open();
  const all = await db.getAllFromIndex("interviews", "by-ambassador", ambassador);
  return all.sort((a, b) => a.savedOn.localeCompare(b.savedOn) || a.id.localeCompare(b.id));
}

export async function getInterview(ambassador: string, id: string): Promise<DeviceInterview | null> {
  const db = await open();
  const item = await db.get("interviews", id);
  return item && item.ambassador === ambassador ? item : null;
}

export async function startInterview(ambassador: string, draft: InterviewDraft): Promise<DeviceInterview> {
  const item: DeviceInterview = {
    id: crypto.randomUUID(),
    ambassador,
    survey: draft.survey.code,
    status: "draft",
    savedOn: today(),
    draft,
    payload: null,
  };
  const db = await open();
  await db.add("interviews", item);
  return item;
}

/** Opens a read-write transaction on one of this ambassador's drafts; aborted (null) if it is not one any more. */
async function ownDraft(ambassador: string, id: string) {
  const db = await open();
  const tx = db.transaction("interviews", "readwrite");
  const item = await tx.store.get(id);
  if (item && item.ambassador === ambassador && item.status === "draft" && item.draft)
    return { tx, item, draft: item.draft };
  tx.abort();
  await tx.done.catch(() => undefined);
  return null;
}

/** Changes a draft in one transaction; refuses (returns null) if it is no longer this ambassador's draft. */
export async function updateDraft(
  ambassador: string,
  id: string,
  change: (draft: InterviewDraft) => InterviewDraft,
): Promise<InterviewDraft | null> {
  const own = await ownDraft(ambassador, id);
  if (!own) return null;
  const draft = change(own.draft);
  await own.tx.store.put({ ...own.item, draft });
  await own.tx.done;
  return draft;
}

/** The interview is finished: its draft becomes the payload that waits to be sent. Exactly once. */
export async function finishInterview(
  ambassador: string,
  id: string,
  build: (draft: InterviewDraft) => InterviewPayload,
): Promise<boolean> {
  const own = await ownDraft(ambassador, id);
  if (!own) return false;
  await own.tx.store.put({ ...own.item, status: "pending", savedOn: today(), draft: null, payload: build(own.draft) });
  await own.tx.done;
  return true;
}

export async function discardDraft(ambassador: string, id: string): Promise<void> {
  const db = await open();
  const tx = db.transaction("interviews", "readwrite");
  const item = await tx.store.get(id);
  if (item && item.ambassador === ambassador && item.status === "draft") await tx.store.delete(id);
  await tx.done;
}

/** The server's answers to a batch: sent ones lose their answers; refused ones keep them, with the reason. */
export async function markResults(
  ambassador: string,
  results: { id: string; status: "sent" | "refused"; reason?: string }[],
): Promise<void> {
  const db = await open();
  const tx = db.transaction("interviews", "readwrite");
  for (const r of results) {
    const item = await tx.store.get(r.id);
    if (!item || item.ambassador !== ambassador || item.status === "draft") continue;
    await tx.store.put({
      ...item,
      status: r.status,
      reason: r.reason,
      payload: r.status === "sent" ? null : item.payload,
    });
  }
  await tx.done;
}

/** How many interviews of this ambassador still live only on this device (in progress or waiting to be sent). */
export async function waitingCount(ambassador: string): Promise<number> {
  return (await listFor(ambassador)).filter((i) => i.status === "draft" || i.status === "pending").length;
}

/**
 * Signing out with nothing waiting: forget this ambassador on the device. If nobody else has anything waiting, the
 * whole store goes; otherwise only this ambassador's bundle and sent records.
 */
export async function forgetAmbassador(ambassador: string): Promise<void> {
  const db = await open();
  const tx = db.transaction(["meta", "bundles", "interviews"], "readwrite");
  const meta = tx.objectStore("meta");
  if ((await meta.get("current"))?.id === ambassador) await meta.delete("current");
  await tx.objectStore("bundles").delete(ambassador);
  const interviews = tx.objectStore("interviews");
  for (const item of await interviews.index("by-ambassador").getAll(ambassador)) await interviews.delete(item.id);
  const left = await interviews.count();
  await tx.done;
  if (left === 0) {
    db.close();
    opening = null;
    await deleteDB(DEVICE_DB);
  }
}
