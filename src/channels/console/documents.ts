/**
 * @module The corpus as staff manage it: `GET /api/admin/documents` lists the documents the
 * index holds (title, publisher, date, language, chunks, last ingested); `POST` uploads one
 * (multipart `file`, `title`, `publisher`, `date`) and `DELETE /api/admin/documents/:id` removes
 * one, each as an ingestion job whose progress `GET /api/admin/documents/jobs/:id` reports.
 * Runtime-neutral: the work is done by a {@link DocumentManager} (Node: corpus folder and
 * incremental ingestion; Workers: refuses, the index being built at deploy time).
 */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { bodyLimit } from "hono/body-limit";
import { requireAdmin, type StaffAuth } from "../../http/admin.ts";
import { ApiError } from "../../http/errors.ts";
import { STAFF_AUTH, staffAuthScheme } from "../../http/records-shared.ts";
import { errorCodes, staffErrors } from "../../http/responses.ts";
import { type AppEnv, validationHook } from "../../http/shared.ts";
import { type IndexStatus, ManifestDocument } from "../../rag/manifest.ts";

/** What staff give with an uploaded file (the fields a sidecar `.meta.json` holds). */
export interface UploadMetadata {
  title: string;
  publisher: string;
  date: string;
}

/** An ingestion started from the console. */
export const IngestJob = z
  .object({
    id: z.string(),
    kind: z.enum(["add", "remove"]),
    documentId: z.string(),
    fileName: z.string(),
    state: z.enum(["running", "done", "failed"]),
    /** e.g. `embed 3/12`. */
    progress: z.object({
      phase: z.string(),
      done: z.number(),
      total: z.number(),
      message: z.string(),
    }),
    error: z.string().optional(),
    startedAt: z.string(),
    finishedAt: z.string().optional(),
  })
  .meta({ id: "IngestJob" });
export type IngestJob = z.infer<typeof IngestJob>;

/** Adds and removes corpus documents; throws ApiError with a clear message when it cannot. */
export interface DocumentManager {
  /** Largest upload, in bytes; 0 when documents cannot be changed here. */
  readonly maxUploadBytes: number;
  /** Why documents cannot be changed here, when they cannot. */
  readonly readOnlyReason?: string;
  /** The corpus path of each indexed document's file, when known, and when it was last ingested. */
  describe?(): Promise<Record<string, { lastIngested?: string; removable: boolean }>>;
  add(file: { name: string; bytes: Uint8Array }, metadata: UploadMetadata): Promise<IngestJob>;
  remove(documentId: string): Promise<IngestJob>;
  job(id: string): IngestJob | undefined;
}

/** The Workers stand-in: lists what the bundled index holds, refuses changes with the way to make them. */
export function createReadOnlyDocumentManager(reason: string): DocumentManager {
  const refuse = async (): Promise<never> => {
    throw new ApiError(403, "read_only:documents", reason);
  };
  return {
    maxUploadBytes: 0,
    readOnlyReason: reason,
    add: refuse,
    remove: refuse,
    job: () => undefined,
  };
}

const DocumentRow = ManifestDocument.extend({
  lastIngested: z.string().optional(),
  removable: z.boolean(),
}).meta({ id: "CorpusDocument" });

/** The form as documented; the handler checks it, so each problem gets a message staff can act on. */
const UploadForm = z.object({
  file: z.any().optional().openapi({
    type: "string",
    format: "binary",
    description: ".pdf, .html, .md or .txt (required)",
  }),
  title: z.string().optional().openapi({ description: "The document's title (required)" }),
  publisher: z.string().optional().openapi({ description: "Who published it (required)" }),
  date: z
    .string()
    .optional()
    .openapi({ description: 'YYYY, YYYY-MM, YYYY-MM-DD or "undated" (required)' }),
});

const MetadataFields = z.object({
  title: z.string().trim().min(1, "is required").max(300, "must be at most 300 characters"),
  publisher: z.string().trim().min(1, "is required").max(300, "must be at most 300 characters"),
  date: z
    .string()
    .trim()
    .regex(
      /^(?:undated|\d{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?)?)$/,
      'must be YYYY, YYYY-MM, YYYY-MM-DD or "undated"',
    ),
});

export interface DocumentRoutesOptions {
  auth: StaffAuth;
  manager: DocumentManager;
  getStatus: () => Promise<IndexStatus>;
}

/** The documents sub-app. */
export function createDocumentRoutes({ auth, manager, getStatus }: DocumentRoutesOptions) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook("documents") });
  app.openAPIRegistry.registerComponent("securitySchemes", STAFF_AUTH, staffAuthScheme);
  const guard = requireAdmin(auth);
  const security = [{ [STAFF_AUTH]: [] }];
  const megabytes = () => Math.round((manager.maxUploadBytes / 1024 / 1024) * 10) / 10;
  // The upload has its own limit, larger than the API's general one (which skips this route).
  const limitUpload = bodyLimit({
    maxSize: Math.max(1, manager.maxUploadBytes) + 64 * 1024,
    onError: () => {
      throw new ApiError(
        413,
        "payload_too_large:documents",
        `The file must be at most ${megabytes()} MB (MAX_UPLOAD_MB).`,
      );
    },
  });

  const list = createRoute({
    method: "get",
    path: "/api/admin/documents",
    summary: "The corpus as the index sees it (staff)",
    security,
    middleware: [guard] as const,
    responses: {
      200: {
        description: "Documents, and the index build time",
        content: {
          "application/json": {
            schema: z.object({
              documents: z.array(DocumentRow),
              builtAt: z.string().nullable(),
              ready: z.boolean(),
              reason: z.string().optional(),
              canUpload: z.boolean(),
              readOnlyReason: z.string().optional(),
              maxUploadBytes: z.number().int(),
            }),
          },
        },
      },
      ...staffErrors,
    },
  });

  const upload = createRoute({
    method: "post",
    path: "/api/admin/documents",
    summary: "Upload a document and ingest it (staff)",
    description:
      "Multipart form: `file` (.pdf, .html, .md or .txt), `title`, `publisher`, `date`. The file is checked with the corpus loaders before anything changes, then ingested incrementally as a job (202); poll the job for progress. A bad file is refused and leaves the corpus and the index as they were.",
    security,
    middleware: [guard, limitUpload] as const,
    request: {
      body: { required: true, content: { "multipart/form-data": { schema: UploadForm } } },
    },
    responses: {
      202: {
        description: "Ingestion started",
        content: { "application/json": { schema: IngestJob } },
      },
      400: errorCodes(
        "Missing or bad field, wrong type, unreadable or empty file, or a file name leaving the corpus folder",
        ["bad_request:documents"],
      ),
      409: errorCodes("A document with this name exists, or another ingestion is running", [
        "conflict:documents",
        "busy:ingestion",
      ]),
      413: errorCodes("The file is larger than MAX_UPLOAD_MB", ["payload_too_large:documents"]),
      ...staffErrors,
    },
  });

  const remove = createRoute({
    method: "delete",
    path: "/api/admin/documents/{id}",
    summary: "Remove a document from the corpus and the index (staff)",
    security,
    middleware: [guard] as const,
    request: {
      params: z.object({
        id: z
          .string()
          .min(1)
          .max(300)
          .openapi({ description: "The document's id, as the list gives it" }),
      }),
    },
    responses: {
      202: {
        description: "Removal started",
        content: { "application/json": { schema: IngestJob } },
      },
      404: errorCodes("No such document", ["not_found:document"]),
      409: errorCodes("Another ingestion is running", ["busy:ingestion"]),
      ...staffErrors,
    },
  });

  const job = createRoute({
    method: "get",
    path: "/api/admin/documents/jobs/{id}",
    summary: "Progress of a document ingestion (staff)",
    security,
    middleware: [guard] as const,
    request: {
      params: z.object({
        id: z
          .string()
          .min(1)
          .max(100)
          .openapi({ description: "The job's id, as the upload or removal answered it" }),
      }),
    },
    responses: {
      200: { description: "The job", content: { "application/json": { schema: IngestJob } } },
      404: errorCodes("No such job on this server", ["not_found:job"]),
      ...staffErrors,
    },
  });

  return app
    .openapi(list, async (c) => {
      const status = await getStatus();
      const details = (await manager.describe?.()) ?? {};
      const documents = status.ready
        ? status.manifest.documents.map((document) => ({
            ...document,
            removable: details[document.id]?.removable ?? false,
            lastIngested: details[document.id]?.lastIngested ?? status.manifest.builtAt,
          }))
        : [];
      return c.json(
        {
          documents,
          builtAt: status.ready ? status.manifest.builtAt : null,
          ready: status.ready,
          ...(status.ready ? {} : { reason: status.reason }),
          canUpload: manager.maxUploadBytes > 0,
          ...(manager.readOnlyReason ? { readOnlyReason: manager.readOnlyReason } : {}),
          maxUploadBytes: manager.maxUploadBytes,
        },
        200,
      );
    })
    .openapi(upload, async (c) => {
      if (manager.maxUploadBytes === 0)
        await manager.add(
          { name: "", bytes: new Uint8Array() },
          { title: "", publisher: "", date: "" },
        );
      let form: Record<string, unknown>;
      try {
        form = await c.req.parseBody();
      } catch {
        throw new ApiError(
          400,
          "bad_request:documents",
          "Send the document as multipart/form-data with the fields file, title, publisher and date.",
        );
      }
      const file = form.file;
      if (!(file instanceof File)) {
        throw new ApiError(
          400,
          "bad_request:documents",
          "file: attach the document (.pdf, .html, .md or .txt).",
          { file: "is required" },
        );
      }
      if (file.size > manager.maxUploadBytes) {
        throw new ApiError(
          413,
          "payload_too_large:documents",
          `The file must be at most ${megabytes()} MB (MAX_UPLOAD_MB).`,
        );
      }
      const fields = MetadataFields.safeParse({
        title: form.title ?? "",
        publisher: form.publisher ?? "",
        date: form.date ?? "",
      });
      if (!fields.success) {
        const details = Object.fromEntries(
          fields.error.issues.map((issue) => [String(issue.path[0]), issue.message]),
        );
        const message = Object.entries(details)
          .map(([field, problem]) => `${field}: ${problem}`)
          .join("; ");
        throw new ApiError(400, "bad_request:documents", message, details);
      }
      const started = await manager.add(
        { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) },
        fields.data,
      );
      return c.json(started, 202);
    })
    .openapi(remove, async (c) => c.json(await manager.remove(c.req.valid("param").id), 202))
    .openapi(job, async (c) => {
      const found = manager.job(c.req.valid("param").id);
      if (!found) throw new ApiError(404, "not_found:job", "No such ingestion job on this server.");
      return c.json(found, 200);
    });
}
