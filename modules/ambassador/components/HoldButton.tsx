"use client";
import { useEffect, useId, useRef, useState } from "react";

const HOLD_MS = 1500;

/**
 * A button that acts only when held down for a moment (pointer, touch, or Enter/Space held): the way back from the
 * respondent's locked screen to the ambassador's, which a tap by accident does not trigger.
 */
export function HoldButton({ label, hint, onConfirm }: { label: string; hint: string; onConfirm: () => void }) {
  const [holding, setHolding] = useState(false);
  const timer = useRef<number | null>(null);
  const hintId = useId();

  const stop = () => {
    if (timer.current !== null) window.clearTimeout(timer.current);
    timer.current = null;
    setHolding(false);
  };
  const start = () => {
    if (timer.current !== null) return;
    setHolding(true);
    timer.current = window.setTimeout(() => {
      timer.current = null;
      setHolding(false);
      onConfirm();
    }, HOLD_MS);
  };
  useEffect(() => stop, []);

  return (
    <div className="hold">
      <button
        type="button"
        className={holding ? "hold-button holding" : "hold-button"}
        aria-describedby={hintId}
        onPointerDown={(e) => {
          e.currentTarget.setPointerCapture?.(e.pointerId);
          start();
        }}
        onPointerUp={stop}
        onPointerCancel={stop}
        onPointerLeave={stop}
        onKeyDown={(e) => {
          if ((e.key === "Enter" || e.key === " ") && !e.repeat) {
            e.preventDefault();
            start();
          } else if (e.key === "Enter" || e.key === " ") e.preventDefault();
        }}
        onKeyUp={(e) => {
          if (e.key === "Enter" || e.key === " ") stop();
        }}
        onClick={(e) => e.preventDefault()}
        onContextMenu={(e) => e.preventDefault()}
        style={{ ["--hold-ms" as string]: `${HOLD_MS}ms` }}
      >
        {label}
      </button>
      <p id={hintId} className="hint">
        {hint}
      </p>
    </div>
  );
}
