/**
 * The ambassador device's own storage (IndexedDB): the offline bundle and the queue of finished interviews.
 * It survives closing the browser and restarting the phone. Once an interview is accepted by the server its
 * answers are deleted from the device; only its id, status and day stay, for the counts.
 */
import type { AmbassadorBundle } from "./bundle";

export type QueueStatus = "pending" | "sent" | "refused";
export type QueuedInterview = {
  id: string;
  survey: string;
  status: QueueStatus;
  savedOn: string;
  reason?: string;
  /** The interview as it will be sent; removed once the server has it. */
  payload: unknown | null;
};

const NAME = "fb-ambassador";

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(NAME, 1);
    request.onupgradeneeded = () => {
      request.result.createObjectStore("bundle");
      request.result.createObjectStore("interviews", { keyPath: "id" });
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function run<T>(store: string, mode: IDBTransactionMode, fn: (s: IDBObjectStore) => IDBRequest<T> | void): Promise<T | undefined> {
  const db = await open();
  try {
    return await new Promise<T | undefined>((resolve, reject) => {
      const tx = db.transaction(store, mode);
      const req = fn(tx.objectStore(store));
      let value: T | undefined;
      if (req) req.onsuccess = () => (value = req.result);
      tx.oncomplete = () => resolve(value);
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error);
    });
  } finally {
    db.close();
  }
}

export const saveBundle = (bundle: AmbassadorBundle) => run("bundle", "readwrite", (s) => s.put(bundle, "current"));
export const loadBundle = () => run<AmbassadorBundle>("bundle", "readonly", (s) => s.get("current"));
export const enqueue = (item: QueuedInterview) => run("interviews", "readwrite", (s) => s.put(item));
export const listInterviews = async () => (await run<QueuedInterview[]>("interviews", "readonly", (s) => s.getAll())) ?? [];

export async function updateInterviews(updates: { id: string; status: QueueStatus; reason?: string }[]): Promise<void> {
  const all = new Map((await listInterviews()).map((i) => [i.id, i]));
  await run("interviews", "readwrite", (s) => {
    for (const u of updates) {
      const item = all.get(u.id);
      if (!item) continue;
      s.put({ ...item, status: u.status, reason: u.reason, payload: u.status === "sent" ? null : item.payload });
    }
  });
}
