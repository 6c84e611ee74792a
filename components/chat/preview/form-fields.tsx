"use client";

// Labelled inputs for the plan editor: each names its error so screen readers hear it with the field.
import clsx from "clsx";
import { useId, type ReactNode } from "react";
import { FIELD_BASE, FIELD_BORDER } from "@/components/ui/form-styles";

const INPUT = clsx(
  "w-full",
  FIELD_BASE,
  "text-zinc-900 shadow-sm focus:ring-2 focus:ring-indigo-500 focus:outline-none dark:text-zinc-100",
);
const inputClass = (error?: string) =>
  clsx(INPUT, error ? "border-red-400 dark:border-red-700" : FIELD_BORDER);

interface FieldShellProps {
  label: string;
  hint?: string;
  error?: string;
  className?: string;
  children: (props: {
    id: string;
    "aria-describedby"?: string;
    "aria-invalid"?: boolean;
    className: string;
  }) => ReactNode;
}

function FieldShell({ label, hint, error, className, children }: FieldShellProps) {
  const id = useId();
  const described =
    [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(" ") || undefined;
  return (
    <div className={clsx("space-y-1", className)}>
      <label htmlFor={id} className="block text-xs font-medium text-zinc-700 dark:text-zinc-300">
        {label}
      </label>
      {children({
        id,
        "aria-describedby": described,
        "aria-invalid": error ? true : undefined,
        className: inputClass(error),
      })}
      {hint && (
        <p id={`${id}-hint`} className="text-xs text-zinc-500 dark:text-zinc-400">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="text-xs font-medium text-red-700 dark:text-red-300">
          {error}
        </p>
      )}
    </div>
  );
}

interface TextFieldProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
  hint?: string;
  className?: string;
  /** A textarea with this many rows; a one-line input when absent. */
  rows?: number;
  type?: "text" | "date" | "number";
}

export function TextField({
  label,
  value,
  onChange,
  error,
  hint,
  className,
  rows,
  type = "text",
}: TextFieldProps) {
  return (
    <FieldShell label={label} hint={hint} error={error} className={className}>
      {(props) =>
        rows ? (
          <textarea
            {...props}
            rows={rows}
            value={value}
            onChange={(e) => onChange(e.target.value)}
          />
        ) : (
          <input
            {...props}
            type={type}
            value={value}
            onChange={(e) => onChange(e.target.value)}
            {...(type === "number"
              ? { min: 0, max: 10_000, step: 0.5, inputMode: "decimal" as const }
              : {})}
          />
        )
      }
    </FieldShell>
  );
}

interface SelectFieldProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  options: { value: string; label: string }[];
  error?: string;
  hint?: string;
  className?: string;
  disabled?: boolean;
}

export function SelectField({
  label,
  value,
  onChange,
  options,
  error,
  hint,
  className,
  disabled,
}: SelectFieldProps) {
  return (
    <FieldShell label={label} hint={hint} error={error} className={className}>
      {(props) => (
        <select
          {...props}
          value={value}
          disabled={disabled}
          onChange={(e) => onChange(e.target.value)}
        >
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    </FieldShell>
  );
}
