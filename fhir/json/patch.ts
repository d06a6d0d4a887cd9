/**
 * RFC 6902 JSON Patch over RFC 6901 JSON Pointers.
 *
 * The document is copied with cloneJson and edited in place, carrying number lexemes along (values from the patch
 * included), so decimals such as 75.0 keep their precision whether or not the patch touches them.
 */
import { cloneJson, copyRawNumber } from './lossless.ts';

/** A patch that is malformed or cannot be applied; the message names the operation (0-based) and its path. */
export class JsonPatchError extends Error {
  /** Index of the failing operation, or undefined when the patch as a whole is malformed. */
  readonly operationIndex: number | undefined;
  constructor(message: string, operationIndex?: number) {
    super(message);
    this.name = 'JsonPatchError';
    this.operationIndex = operationIndex;
  }
}

/** Applies patch to a copy of document and returns the copy; document itself is left untouched. */
export function applyJsonPatch(document: unknown, patch: unknown): unknown {
  const operations = readPatch(patch);
  let result = cloneJson(document);
  for (const operation of operations) result = applyOperation(result, operation);
  return result;
}

const OPERATION_NAMES = ['add', 'remove', 'replace', 'move', 'copy', 'test'] as const;
type OperationName = (typeof OPERATION_NAMES)[number];

/** Keys that reach Object.prototype or a constructor when used as property names; never valid in FHIR. */
const FORBIDDEN_SEGMENTS = new Set(['__proto__', 'constructor', 'prototype']);

type Container = unknown[] | Record<string, unknown>;

/** A place in the document: a member of an object or a position in an array. */
interface Slot {
  container: Container;
  key: string | number;
}

interface Operation {
  index: number;
  name: OperationName;
  label: string;
  path: string[];
  from: string[];
  /** The operation object itself: its `value` member, with the lexeme it was parsed with, is the value to use. */
  member: Record<string, unknown>;
}

// ---- Reading the patch ------------------------------------------------------------------------------------------

function readPatch(patch: unknown): Operation[] {
  if (!Array.isArray(patch)) throw new JsonPatchError('A JSON Patch must be an array of operations');
  return patch.map(readOperation);
}

function readOperation(member: unknown, index: number): Operation {
  if (!isObject(member)) throw new JsonPatchError(`Operation ${index}: must be an object`, index);
  const name = member.op;
  if (!OPERATION_NAMES.includes(name as OperationName)) {
    throw new JsonPatchError(`Operation ${index}: op must be one of ${OPERATION_NAMES.join(', ')}`, index);
  }
  const operation: Operation = { index, name: name as OperationName, label: `Operation ${index} (${name})`, path: [], from: [], member };
  if (typeof member.path !== 'string') fail(operation, 'path must be a string');
  operation.label = `Operation ${index} (${name} ${member.path})`;
  operation.path = readPointer(operation, 'path', member.path);
  if (name === 'move' || name === 'copy') {
    if (typeof member.from !== 'string') fail(operation, 'from must be a string');
    operation.label = `Operation ${index} (${name} ${member.path} from ${member.from})`;
    operation.from = readPointer(operation, 'from', member.from);
  }
  if ((name === 'add' || name === 'replace' || name === 'test') && member.value === undefined) fail(operation, 'value is required');
  if (name === 'move' && isProperPrefix(operation.from, operation.path)) fail(operation, 'cannot move a value into itself');
  return operation;
}

/** Decodes an RFC 6901 pointer into its reference tokens ("" is the whole document). */
function readPointer(operation: Operation, role: 'path' | 'from', pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) fail(operation, `${role} must be empty or start with /`);
  const segments = pointer.slice(1).split('/');
  for (const segment of segments) {
    if (/~(?![01])/.test(segment)) fail(operation, `${role} has a ~ not followed by 0 or 1`);
  }
  const decoded = segments.map((segment) => segment.replaceAll('~1', '/').replaceAll('~0', '~'));
  const forbidden = decoded.find((segment) => FORBIDDEN_SEGMENTS.has(segment));
  if (forbidden !== undefined) fail(operation, `${role} segment "${forbidden}" is not allowed`);
  return decoded;
}

function isProperPrefix(prefix: string[], path: string[]): boolean {
  return prefix.length < path.length && prefix.every((segment, i) => segment === path[i]);
}

// ---- Applying operations ----------------------------------------------------------------------------------------

/** Applies one operation to document in place and returns the document, which is new when the root is replaced. */
function applyOperation(document: unknown, operation: Operation): unknown {
  const patchValue: Slot = { container: operation.member, key: 'value' };
  switch (operation.name) {
    case 'add':
      return add(document, operation, cloneJson(operation.member.value), patchValue);
    case 'remove':
      if (operation.path.length === 0) fail(operation, 'cannot remove the whole document');
      remove(existingSlot(document, operation, operation.path, 'path'));
      return document;
    case 'replace':
      return replace(document, operation, cloneJson(operation.member.value), patchValue);
    case 'move':
      return move(document, operation);
    case 'copy':
      return copy(document, operation);
    case 'test':
      if (!jsonEqual(valueAt(document, operation, operation.path, 'path'), operation.member.value)) {
        fail(operation, 'test failed: the value at path differs from the expected value');
      }
      return document;
  }
}

/** Puts value at the operation's path, inserting into arrays; source is where value's number lexeme is recorded. */
function add(document: unknown, operation: Operation, value: unknown, source: Slot): unknown {
  if (operation.path.length === 0) return value;
  const parent = valueAt(document, operation, operation.path.slice(0, -1), 'parent of path');
  const key = operation.path[operation.path.length - 1];
  if (Array.isArray(parent)) {
    insertIntoArray(parent, arrayIndex(operation, parent, key, 'insert', 'path'), value, source);
  } else if (isObject(parent)) {
    parent[key] = value;
    copyRawNumber(source.container, source.key, parent, key);
  } else {
    fail(operation, 'parent of path is not an object or array');
  }
  return document;
}

function replace(document: unknown, operation: Operation, value: unknown, source: Slot): unknown {
  if (operation.path.length === 0) return value;
  const slot = existingSlot(document, operation, operation.path, 'path');
  writeSlot(slot, value);
  copyRawNumber(source.container, source.key, slot.container, slot.key);
  return document;
}

function move(document: unknown, operation: Operation): unknown {
  const from = existingSlot(document, operation, operation.from, 'from');
  const moving = detach(from);
  remove(from);
  return add(document, operation, moving.value, moving.source);
}

function copy(document: unknown, operation: Operation): unknown {
  const copying = detach(existingSlot(document, operation, operation.from, 'from'));
  return add(document, operation, cloneJson(copying.value), copying.source);
}

/**
 * The value in slot, with its number lexeme moved to a holder of its own, because removing or inserting array
 * items re-keys the lexemes left in the original container.
 */
function detach(slot: Slot): { value: unknown; source: Slot } {
  const holder = [readSlot(slot)];
  copyRawNumber(slot.container, slot.key, holder, 0);
  return { value: holder[0], source: { container: holder, key: 0 } };
}

function remove(slot: Slot): void {
  if (Array.isArray(slot.container)) removeFromArray(slot.container, slot.key as number);
  else delete slot.container[slot.key];
}

/** Lexemes are recorded by index, so items after the change point carry theirs to their new index. */
function insertIntoArray(array: unknown[], index: number, value: unknown, source: Slot): void {
  array.splice(index, 0, value);
  for (let i = array.length - 1; i > index; i--) copyRawNumber(array, i - 1, array, i);
  copyRawNumber(source.container, source.key, array, index);
}

function removeFromArray(array: unknown[], index: number): void {
  array.splice(index, 1);
  for (let i = index; i < array.length; i++) copyRawNumber(array, i + 1, array, i);
}

// ---- Resolving pointers -----------------------------------------------------------------------------------------

function valueAt(document: unknown, operation: Operation, segments: string[], role: string): unknown {
  return readSlot(existingSlot(document, operation, segments, role));
}

/**
 * The slot a pointer names, which must hold a value. The empty pointer names the document itself, given a
 * one-item array of its own to sit in so that it reads like any other slot.
 */
function existingSlot(document: unknown, operation: Operation, segments: string[], role: string): Slot {
  let slot: Slot = { container: [document], key: 0 };
  for (const segment of segments) slot = memberSlot(operation, readSlot(slot), segment, role);
  return slot;
}

function memberSlot(operation: Operation, container: unknown, segment: string, role: string): Slot {
  if (Array.isArray(container)) return { container, key: arrayIndex(operation, container, segment, 'existing', role) };
  if (isObject(container) && Object.hasOwn(container, segment)) return { container, key: segment };
  fail(operation, `${role} does not exist`);
}

/**
 * Reads an RFC 6901 array index: digits without leading zeros, or "-" (just past the last item) when inserting.
 */
function arrayIndex(operation: Operation, array: unknown[], segment: string, mode: 'existing' | 'insert', role: string): number {
  if (segment === '-' && mode === 'insert') return array.length;
  if (!/^(0|[1-9][0-9]*)$/.test(segment)) fail(operation, `"${segment}" in ${role} is not an array index`);
  const index = Number(segment);
  const end = mode === 'insert' ? array.length : array.length - 1;
  if (index > end) {
    fail(operation, mode === 'insert' ? `index ${index} is past the end of the array (length ${array.length})` : `${role} does not exist`);
  }
  return index;
}

function readSlot(slot: Slot): unknown {
  return Array.isArray(slot.container) ? slot.container[slot.key as number] : slot.container[slot.key];
}

function writeSlot(slot: Slot, value: unknown): void {
  if (Array.isArray(slot.container)) slot.container[slot.key as number] = value;
  else slot.container[slot.key] = value;
}

// ---- Helpers ----------------------------------------------------------------------------------------------------

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** RFC 6902 equality: same type, numbers equal by value, arrays item by item, objects by members in any order. */
function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((item, i) => jsonEqual(item, b[i]));
  if (!isObject(a) || !isObject(b)) return false;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(b, key) && jsonEqual(a[key], b[key]));
}

function fail(operation: Operation, problem: string): never {
  throw new JsonPatchError(`${operation.label}: ${problem}`, operation.index);
}
