import type { Table } from "@/modules/dashboard/tables";

/** A dashboard table: the figures for screen readers and for copying, exactly as the CSV export writes them. */
export function DataTable({ table, caption }: { table: Table; caption?: string }) {
  return (
    // Focusable and named, so a table wider than a small screen can be scrolled with the keyboard.
    <div className="table-wrap" tabIndex={0} role="region" aria-label={caption ?? table.title}>
      <table id={table.id}>
        <caption>{caption ?? table.title}</caption>
        <thead>
          <tr>
            {table.columns.map((c, i) => (
              <th key={i} scope="col" className={i > 0 ? "num" : undefined}>
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((row, r) => (
            <tr key={r}>
              {row.map((cell, i) =>
                i === 0 ? (
                  <th key={i} scope="row">
                    {cell}
                  </th>
                ) : (
                  <td key={i} className="num">
                    {cell}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
