// Form controls with their label, hint and messages wired for assistive technology: the message ids go into
// aria-describedby, errors set aria-invalid, and every control has a visible label.
import { useEffect, useId, useMemo, useRef, useState, type InputHTMLAttributes, type ReactNode, type Ref } from 'react';
import { foldVietnamese } from '../../../fhir/text/fold.ts';

export interface FieldMessages {
  error?: string;
  warning?: string;
  hint?: string;
}

function describedBy(id: string, { error, warning, hint }: FieldMessages): string | undefined {
  const ids = [hint && `${id}-hint`, error && `${id}-error`, warning && `${id}-warning`].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

function Messages({ id, error, warning, hint }: FieldMessages & { id: string }) {
  return (
    <>
      {hint && <p className="field-hint" id={`${id}-hint`}>{hint}</p>}
      {error && <p className="field-error" id={`${id}-error`}>{error}</p>}
      {warning && <p className="field-warning" id={`${id}-warning`}>{warning}</p>}
    </>
  );
}

interface TextFieldProps extends FieldMessages, Omit<InputHTMLAttributes<HTMLInputElement>, 'onChange' | 'value' | 'id'> {
  id: string;
  label: string;
  value: string;
  onChange(value: string): void;
  inputRef?: Ref<HTMLInputElement>;
  className?: string;
}

export function TextField({ id, label, value, onChange, error, warning, hint, inputRef, className, required, ...rest }: TextFieldProps) {
  return (
    <div className={`field ${className ?? ''} ${error ? 'has-error' : warning ? 'has-warning' : ''}`}>
      <label htmlFor={id}>{label}{required && <span className="required" aria-hidden="true"> *</span>}</label>
      <input
        id={id}
        ref={inputRef}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        aria-invalid={error ? true : undefined}
        aria-required={required || undefined}
        aria-describedby={describedBy(id, { error, warning, hint })}
        {...rest}
      />
      <Messages id={id} error={error} warning={warning} hint={hint} />
    </div>
  );
}

export interface Option {
  value: string;
  label: string;
}

interface SelectFieldProps extends FieldMessages {
  id: string;
  label: string;
  value: string;
  options: readonly Option[];
  onChange(value: string): void;
  onBlur?(): void;
  placeholder?: string;
  required?: boolean;
  className?: string;
  selectRef?: Ref<HTMLSelectElement>;
}

export function SelectField({ id, label, value, options, onChange, onBlur, placeholder, required, error, warning, hint, className, selectRef }: SelectFieldProps) {
  return (
    <div className={`field ${className ?? ''} ${error ? 'has-error' : ''}`}>
      <label htmlFor={id}>{label}{required && <span className="required" aria-hidden="true"> *</span>}</label>
      <select id={id} ref={selectRef} value={value} onChange={(event) => onChange(event.target.value)} onBlur={onBlur}
        aria-invalid={error ? true : undefined} aria-required={required || undefined} aria-describedby={describedBy(id, { error, warning, hint })}>
        {placeholder !== undefined && <option value="">{placeholder}</option>}
        {options.map((option) => <option key={option.value} value={option.value}>{option.label}</option>)}
      </select>
      <Messages id={id} error={error} warning={warning} hint={hint} />
    </div>
  );
}

interface RadioGroupProps extends FieldMessages {
  id: string;
  legend: string;
  name: string;
  value: string;
  options: readonly (Option & { disabled?: boolean })[];
  onChange(value: string): void;
  required?: boolean;
  className?: string;
}

export function RadioGroup({ id, legend, name, value, options, onChange, required, error, warning, hint, className }: RadioGroupProps) {
  return (
    <fieldset id={id} className={`field radio-group ${className ?? ''} ${error ? 'has-error' : ''}`} aria-describedby={describedBy(id, { error, warning, hint })}
      aria-invalid={error ? true : undefined} tabIndex={-1}>
      <legend>{legend}{required && <span className="required" aria-hidden="true"> *</span>}</legend>
      <div className="radio-options">
        {options.map((option) => (
          <label key={option.value} className={`radio ${option.value === value ? 'checked' : ''}`}>
            <input type="radio" name={name} value={option.value} checked={option.value === value} disabled={option.disabled}
              onChange={() => onChange(option.value)} />
            {option.label}
          </label>
        ))}
      </div>
      <Messages id={id} error={error} warning={warning} hint={hint} />
    </fieldset>
  );
}

interface ComboboxProps extends FieldMessages {
  id: string;
  label: string;
  value: string;
  options: readonly Option[];
  onChange(value: string): void;
  placeholder?: string;
  disabled?: boolean;
  required?: boolean;
  className?: string;
  inputRef?: Ref<HTMLInputElement>;
  maxShown?: number;
  /**
   * Searching elsewhere (the server): called with each text typed; `options` are then taken as its matches, unfiltered,
   * and leaving the box picks nothing.
   */
  onSearch?(text: string): void;
}

/**
 * A searchable picker (ARIA 1.2 combobox with a listbox popup): typing filters by any word start, accents
 * optional ("ha noi", "Hà Nội"); ↑/↓ move, Enter picks, Esc closes. The chosen option's label stays in the box.
 */
export function Combobox({ id, label, value, options, onChange, placeholder, disabled, required, error, warning, hint, className, inputRef, maxShown = 50, onSearch }: ComboboxProps) {
  const listId = `${id}-list`;
  const selected = options.find((option) => option.value === value);
  const [text, setText] = useState<string | undefined>(undefined);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const folded = useMemo(() => options.map((option) => ({ option, key: ` ${foldVietnamese(option.label)}` })), [options]);
  const query = text === undefined ? '' : foldVietnamese(text);
  const matches = useMemo(() => {
    if (!query || onSearch) return folded.map((entry) => entry.option);
    const starts = folded.filter((entry) => entry.key.includes(` ${query}`)).map((entry) => entry.option);
    const contains = folded.filter((entry) => !entry.key.includes(` ${query}`) && entry.key.includes(query)).map((entry) => entry.option);
    return [...starts, ...contains];
  }, [folded, query, onSearch]);
  const shown = matches.slice(0, maxShown);
  const listRef = useRef<HTMLUListElement>(null);
  const pick = (option: Option) => {
    onChange(option.value);
    setText(undefined);
    setOpen(false);
  };
  const optionId = (index: number) => `${id}-option-${index}`;
  const activeIndex = Math.min(active, Math.max(shown.length - 1, 0));
  useEffect(() => {
    if (open) document.getElementById(optionId(activeIndex))?.scrollIntoView({ block: 'nearest' });
  });
  return (
    <div className={`field combobox ${className ?? ''} ${error ? 'has-error' : ''}`}>
      <label htmlFor={id}>{label}{required && <span className="required" aria-hidden="true"> *</span>}</label>
      <input
        id={id}
        ref={inputRef}
        role="combobox"
        autoComplete="off"
        aria-autocomplete="list"
        aria-expanded={open}
        aria-controls={listId}
        aria-activedescendant={open && shown.length ? optionId(activeIndex) : undefined}
        aria-invalid={error ? true : undefined}
        aria-required={required || undefined}
        aria-describedby={describedBy(id, { error, warning, hint })}
        placeholder={placeholder}
        disabled={disabled}
        value={text ?? selected?.label ?? ''}
        onChange={(event) => {
          setText(event.target.value);
          setActive(0);
          setOpen(true);
          onSearch?.(event.target.value);
        }}
        onFocus={(event) => event.target.select()}
        onBlur={() => {
          // Leaving with exactly one match picks it; otherwise the box shows the chosen option again.
          if (!onSearch && text !== undefined && text.trim() && matches.length === 1) pick(matches[0]);
          else {
            setText(undefined);
            setOpen(false);
          }
        }}
        onKeyDown={(event) => {
          if (event.key === 'ArrowDown') {
            event.preventDefault();
            if (!open) setOpen(true);
            else setActive(Math.min(activeIndex + 1, shown.length - 1));
          } else if (event.key === 'ArrowUp') {
            event.preventDefault();
            setActive(Math.max(activeIndex - 1, 0));
          } else if (event.key === 'Enter' && open && shown.length) {
            event.preventDefault();
            pick(shown[activeIndex]);
          } else if (event.key === 'Escape' && open) {
            event.preventDefault();
            event.stopPropagation();
            setText(undefined);
            setOpen(false);
          }
        }}
      />
      {open && !disabled && (
        <ul id={listId} role="listbox" className="combobox-list" ref={listRef} aria-label={label}>
          {shown.map((option, index) => (
            <li key={option.value} id={optionId(index)} role="option" aria-selected={index === activeIndex}
              className={index === activeIndex ? 'active' : undefined}
              onMouseDown={(event) => {
                event.preventDefault();
                pick(option);
              }}>
              {option.label}
            </li>
          ))}
          {matches.length > shown.length && <li role="presentation" className="combobox-more">…{matches.length - shown.length}</li>}
        </ul>
      )}
      <Messages id={id} error={error} warning={warning} hint={hint} />
    </div>
  );
}

export function Kbd({ children }: { children: ReactNode }) {
  return <kbd>{children}</kbd>;
}

export function useFieldId(prefix: string): string {
  return `${prefix}-${useId().replace(/:/g, '')}`;
}
