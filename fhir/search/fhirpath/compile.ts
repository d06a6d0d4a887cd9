// Search parameter expressions are evaluated on every write, so each is compiled once into plain functions over
// the resource JSON. The compiler covers the FHIRPath the R4 search parameters use (paths, choice types, `as`,
// `ofType`, `where` with `resolve() is T` or `x = 'literal'`, `exists`, `first`, `extension(url)`, unions, `and`,
// `=`/`!=`, `[n]`); any other expression — a custom SearchParameter may hold anything — runs on medplum's
// evaluator instead, which is some ten times slower but complete.
import {
  AndAtom,
  AsAtom,
  DotAtom,
  EqualsAtom,
  FhirPathAtom,
  FunctionAtom,
  IndexerAtom,
  IsAtom,
  LiteralAtom,
  NotEqualsAtom,
  SymbolAtom,
  UnionAtom,
  evalFhirPathTyped,
  parseFhirPath,
  type TypedValue,
} from '@medplum/core';
import { actualType, childKeys, isOfType, type ChildKey } from './element-types.ts';
import { referenceTarget } from '../reference-target.ts';

type Atom = FhirPathAtom['child'];
/** A compiled step: from the nodes in context to the nodes it selects. */
type Step = (input: TypedValue[]) => TypedValue[];

export interface CompiledExpression {
  readonly expression: string;
  /** True when the fast compiled form runs; false when medplum's evaluator does. */
  readonly compiled: boolean;
  evaluate(input: TypedValue[]): TypedValue[];
}

class Unsupported extends Error {}

/**
 * Parses and compiles an expression. With `resourceType`, the branches of a top-level union that start at another
 * type (`Patient.name | Practitioner.name`) are dropped: they can never select anything in that type's resources.
 * A syntax error throws (the caller reports the parameter as unusable).
 */
export function compileExpression(expression: string, resourceType?: string): CompiledExpression {
  const parsed = parseFhirPath(expression);
  const branches = unionBranches(parsed.child).filter((branch) => !resourceType || appliesTo(branch, resourceType));
  if (branches.length === 0) return { expression: '', compiled: true, evaluate: () => [] };
  const atom = branches.reduce((left, right) => new UnionAtom(left, right));
  const text = branches.map((branch) => branch.toString()).join(' | ');
  try {
    return { expression: text, compiled: true, evaluate: compile(atom) };
  } catch (error) {
    if (!(error instanceof Unsupported)) throw error;
    const whole = new FhirPathAtom(text, atom);
    return { expression: text, compiled: false, evaluate: (input) => evalFhirPathTyped(whole, input) };
  }
}

function unionBranches(atom: Atom): Atom[] {
  return atom instanceof UnionAtom ? [...unionBranches(atom.left), ...unionBranches(atom.right)] : [atom];
}

/** False when the branch starts with a type name other than the resource's own (or Resource/DomainResource). */
function appliesTo(branch: Atom, resourceType: string): boolean {
  let head: Atom = branch;
  while (head instanceof DotAtom || head instanceof AsAtom || head instanceof IndexerAtom) head = head.left;
  if (!(head instanceof SymbolAtom)) return true;
  const name = head.name;
  if (name.charAt(0) === name.charAt(0).toLowerCase()) return true;
  return name === resourceType || name === 'Resource' || name === 'DomainResource';
}

/**
 * The same, compiled on first use: a server knows some 1,400 parameters over 146 types, and most types are never
 * written or searched (the CapabilityStatement lists them all without compiling any).
 */
export function lazyExpression(expression: string, resourceType?: string): CompiledExpression {
  let compiled: CompiledExpression | undefined;
  const get = (): CompiledExpression => (compiled ??= compileExpression(expression, resourceType));
  return {
    get expression() {
      return get().expression;
    },
    get compiled() {
      return get().compiled;
    },
    evaluate: (input) => get().evaluate(input),
  };
}

/** The typed root node of a resource, the input of an expression. */
export function resourceNode(resource: { resourceType: string }): TypedValue {
  return { type: resource.resourceType, value: resource };
}

function compile(atom: Atom): Step {
  if (atom instanceof FhirPathAtom) return compile(atom.child);
  if (atom instanceof SymbolAtom) return symbol(atom.name);
  if (atom instanceof DotAtom) {
    const left = compile(atom.left);
    const right = compile(atom.right);
    return (input) => right(left(input));
  }
  if (atom instanceof UnionAtom) {
    const left = compile(atom.left);
    const right = compile(atom.right);
    return (input) => {
      const a = left(input);
      const b = right(input);
      return a.length === 0 ? b : b.length === 0 ? a : [...a, ...b];
    };
  }
  if (atom instanceof AsAtom) return withType(compile(atom.left), typeArgument(atom.right));
  if (atom instanceof IsAtom) {
    const left = compile(atom.left);
    const type = typeArgument(atom.right);
    return (input) => {
      const nodes = left(input);
      return nodes.length === 1 ? [bool(isOfType(nodes[0].type, type))] : [];
    };
  }
  if (atom instanceof FunctionAtom) return func(atom);
  if (atom instanceof IndexerAtom) return indexer(atom);
  if (atom instanceof EqualsAtom || atom instanceof NotEqualsAtom) return equality(atom);
  if (atom instanceof AndAtom) return and(compile(atom.left), compile(atom.right));
  if (atom instanceof LiteralAtom) {
    const value = atom.value;
    return () => [value];
  }
  throw new Unsupported();
}

/** `Patient` (a type name) selects nodes of that type; `name` selects children. */
function symbol(name: string): Step {
  if (name.charAt(0) !== name.charAt(0).toLowerCase()) {
    return (input) => input.filter((node) => isOfType(node.type, name));
  }
  const keysByType = new Map<string, ChildKey[]>();
  return (input) => {
    const out: TypedValue[] = [];
    for (const node of input) {
      const value = node.value;
      if (typeof value !== 'object' || value === null) continue;
      let keys = keysByType.get(node.type);
      if (!keys) {
        keys = childKeys(node.type, name);
        keysByType.set(node.type, keys);
      }
      for (const { key, type } of keys) {
        const child = (value as Record<string, unknown>)[key];
        if (child === undefined || child === null) continue;
        if (Array.isArray(child)) {
          for (const item of child) if (item !== null && item !== undefined) out.push({ type: actualType(type, item), value: item });
        } else out.push({ type: actualType(type, child), value: child });
      }
    }
    return out;
  };
}

function withType(step: Step, type: string): Step {
  return (input) => step(input).filter((node) => isOfType(node.type, type));
}

function typeArgument(atom: Atom): string {
  if (atom instanceof SymbolAtom) return atom.name.replace(/^FHIR\./, '');
  if (atom instanceof DotAtom && atom.left instanceof SymbolAtom && atom.right instanceof SymbolAtom) return atom.right.name;
  throw new Unsupported();
}

function func(atom: FunctionAtom): Step {
  const args = atom.args;
  switch (atom.name) {
    case 'as':
    case 'ofType':
      if (args.length !== 1) throw new Unsupported();
      return withType((input) => input, typeArgument(args[0]));
    case 'where': {
      if (args.length !== 1) throw new Unsupported();
      const condition = compile(args[0]);
      return (input) => input.filter((node) => isTrue(condition([node])));
    }
    case 'exists':
      if (args.length !== 0) throw new Unsupported();
      return (input) => [bool(input.length > 0)];
    case 'first':
      if (args.length !== 0) throw new Unsupported();
      return (input) => input.slice(0, 1);
    case 'resolve':
      if (args.length !== 0) throw new Unsupported();
      // Search only asks what type a reference points at; the node stands for the target by that type.
      return (input) => input.flatMap((node) => {
        const reference = node.value as { reference?: string; type?: string } | undefined;
        const type = node.type === 'Reference' ? referenceTarget(reference?.reference, reference?.type).type : undefined;
        return type ? [{ type, value: node.value }] : [];
      });
    case 'extension': {
      const url = args.length === 1 && args[0] instanceof LiteralAtom ? args[0].value.value : undefined;
      if (typeof url !== 'string') throw new Unsupported();
      const extensions = symbol('extension');
      return (input) => extensions(input).filter((node) => (node.value as { url?: unknown }).url === url);
    }
    default:
      throw new Unsupported();
  }
}

function indexer(atom: IndexerAtom): Step {
  if (!(atom.expr instanceof LiteralAtom) || typeof atom.expr.value.value !== 'number') throw new Unsupported();
  const left = compile(atom.left);
  const index = atom.expr.value.value;
  return (input) => {
    const node = left(input)[index];
    return node ? [node] : [];
  };
}

function equality(atom: EqualsAtom | NotEqualsAtom): Step {
  const left = compile(atom.left);
  const right = compile(atom.right);
  const negate = atom instanceof NotEqualsAtom;
  return (input) => {
    const a = left(input);
    const b = right(input);
    if (a.length === 0 || b.length === 0) return [];
    const equal = a.length === b.length && a.every((node, i) => node.value === b[i].value);
    return [bool(equal !== negate)];
  };
}

/** FHIRPath's three-valued `and`: false wins, then empty. */
function and(left: Step, right: Step): Step {
  return (input) => {
    const a = truth(left(input));
    const b = truth(right(input));
    if (a === false || b === false) return [bool(false)];
    return a === true && b === true ? [bool(true)] : [];
  };
}

function truth(nodes: TypedValue[]): boolean | undefined {
  if (nodes.length !== 1) return nodes.length === 0 ? undefined : true;
  const value = nodes[0].value;
  return typeof value === 'boolean' ? value : true;
}

function isTrue(nodes: TypedValue[]): boolean {
  return truth(nodes) === true;
}

function bool(value: boolean): TypedValue {
  return { type: 'boolean', value };
}
