/**
 * Modal inputs that sit inside a Label: File Upload 19 (2025-10-15), Radio Group 21, Checkbox Group 22 and
 * Checkbox 23 (2026-02-12).
 */
import type {
  APICheckboxComponent,
  APICheckboxGroupComponent,
  APICheckboxGroupOption,
  APIFileUploadComponent,
  APIRadioGroupComponent,
  APIRadioGroupOption,
  FileUploadType,
} from 'discord-api-types/v10';
import { ComponentBuilder, putAll } from './ComponentBuilder.js';

const SKIP: ReadonlySet<string> = new Set(['type']);
const IN_LABEL = { surface: 'modal', place: 'label' } as const;

function strip<T extends { type: number }>(json: T): Omit<T, 'type'> {
  const { type: _t, ...rest } = json;
  return rest;
}

export interface FileUploadData {
  custom_id?: string;
  min_values?: number;
  max_values?: number;
  /** `"audio" | "image" | "video"` or an extension such as `".pdf"`; at most 10. */
  file_types?: FileUploadType[];
  required?: boolean;
  id?: number;
}

/** A file upload field (type 19): 0–10 files. */
export class FileUpload extends ComponentBuilder<APIFileUploadComponent> {
  readonly data: FileUploadData;
  // A getter, not a field: builders are created per message and need no per-instance copy.
  protected get placement() {
    return { ...IN_LABEL, root: 'file_upload' } as const;
  }
  constructor(data: FileUploadData = {}) {
    super();
    this.data = { ...data };
  }
  toJSONUnchecked(): APIFileUploadComponent {
    const out: Record<string, unknown> = { type: 19 };
    putAll(out, this.data, SKIP);
    return out as unknown as APIFileUploadComponent;
  }
  static fromJSON(json: APIFileUploadComponent): FileUpload {
    return new FileUpload(strip(json));
  }
}

export interface RadioGroupData {
  custom_id?: string;
  /** 2–10 options; at most one `default`. */
  options?: APIRadioGroupOption[];
  required?: boolean;
  id?: number;
}

/** Pick exactly one (type 21). */
export class RadioGroup extends ComponentBuilder<APIRadioGroupComponent> {
  readonly data: RadioGroupData & { options: APIRadioGroupOption[] };
  // A getter, not a field: builders are created per message and need no per-instance copy.
  protected get placement() {
    return { ...IN_LABEL, root: 'radio_group' } as const;
  }
  constructor(data: RadioGroupData = {}) {
    super();
    this.data = { ...data, options: [...(data.options ?? [])] };
  }
  addOptions(...options: APIRadioGroupOption[]): this {
    this.data.options.push(...options);
    return this;
  }
  toJSONUnchecked(): APIRadioGroupComponent {
    const out: Record<string, unknown> = { type: 21 };
    putAll(out, this.data, SKIP);
    return out as unknown as APIRadioGroupComponent;
  }
  static fromJSON(json: APIRadioGroupComponent): RadioGroup {
    return new RadioGroup(strip(json));
  }
}

export interface CheckboxGroupData {
  custom_id?: string;
  /** 1–10 options. */
  options?: APICheckboxGroupOption[];
  min_values?: number;
  max_values?: number;
  required?: boolean;
  id?: number;
}

/** Pick several (type 22). */
export class CheckboxGroup extends ComponentBuilder<APICheckboxGroupComponent> {
  readonly data: CheckboxGroupData & { options: APICheckboxGroupOption[] };
  // A getter, not a field: builders are created per message and need no per-instance copy.
  protected get placement() {
    return { ...IN_LABEL, root: 'checkbox_group' } as const;
  }
  constructor(data: CheckboxGroupData = {}) {
    super();
    this.data = { ...data, options: [...(data.options ?? [])] };
  }
  addOptions(...options: APICheckboxGroupOption[]): this {
    this.data.options.push(...options);
    return this;
  }
  toJSONUnchecked(): APICheckboxGroupComponent {
    const out: Record<string, unknown> = { type: 22 };
    putAll(out, this.data, SKIP);
    return out as unknown as APICheckboxGroupComponent;
  }
  static fromJSON(json: APICheckboxGroupComponent): CheckboxGroup {
    return new CheckboxGroup(strip(json));
  }
}

export interface CheckboxData {
  custom_id?: string;
  default?: boolean;
  id?: number;
}

/** A single yes/no box (type 23); it has no `required`. */
export class Checkbox extends ComponentBuilder<APICheckboxComponent> {
  readonly data: CheckboxData;
  // A getter, not a field: builders are created per message and need no per-instance copy.
  protected get placement() {
    return { ...IN_LABEL, root: 'checkbox' } as const;
  }
  constructor(data: CheckboxData = {}) {
    super();
    this.data = { ...data };
  }
  toJSONUnchecked(): APICheckboxComponent {
    const out: Record<string, unknown> = { type: 23 };
    putAll(out, this.data, SKIP);
    return out as unknown as APICheckboxComponent;
  }
  static fromJSON(json: APICheckboxComponent): Checkbox {
    return new Checkbox(strip(json));
  }
}
