"use client";

type Props = {
  idPrefix: string;
  index: number;
  count: number;
  onMove: (to: number) => void;
  onRemove: () => void;
  upLabel: string;
  downLabel: string;
  removeLabel: string;
};

/**
 * Reordering with buttons rather than drag and drop, so it works from the keyboard and with a screen reader;
 * focus follows the moved item's button so repeated presses keep moving the same item.
 */
export function MoveButtons({ idPrefix, index, count, onMove, onRemove, upLabel, downLabel, removeLabel }: Props) {
  const prefix = idPrefix.replace(/\d+$/, "");
  const move = (to: number, which: "up" | "down") => {
    onMove(to);
    requestAnimationFrame(() => {
      const target = document.getElementById(`${prefix}${to}-${which}`) as HTMLButtonElement | null;
      // At the top or bottom the pressed direction is disabled; keep focus on the item's other move button.
      (target?.disabled
        ? document.getElementById(`${prefix}${to}-${which === "up" ? "down" : "up"}`)
        : target
      )?.focus();
    });
  };
  return (
    <div className="move-buttons">
      <button
        type="button"
        id={`${idPrefix}-up`}
        className="secondary small"
        disabled={index === 0}
        onClick={() => move(index - 1, "up")}
        aria-label={upLabel}
      >
        <span aria-hidden="true">↑</span>
      </button>
      <button
        type="button"
        id={`${idPrefix}-down`}
        className="secondary small"
        disabled={index === count - 1}
        onClick={() => move(index + 1, "down")}
        aria-label={downLabel}
      >
        <span aria-hidden="true">↓</span>
      </button>
      <button type="button" className="secondary small" onClick={onRemove}>
        {removeLabel}
      </button>
    </div>
  );
}
