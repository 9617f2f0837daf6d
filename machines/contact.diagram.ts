/**
 * A Mermaid state diagram of the contact machine, generated from its definition
 * (so docs/contact-lifecycle.md cannot drift from the machine: a test compares them).
 *
 * Transitions that change state are arrows, labelled with the event (and, where
 * one event can lead to different states, the condition). Events recorded without
 * changing state (priority, consent, partners' late answers …) are listed inside
 * the state they are recorded in. Conditions are in parentheses; an arrow with only
 * a condition is taken as soon as the condition holds (an eventless transition).
 */
import type { AnyStateNode, AnyTransitionDefinition } from "xstate";
import { contactMachine } from "./contact.machine";
import { CONTACT_OUTCOMES } from "./contact.types";

function mermaidId(node: AnyStateNode): string {
  return node.path.join("__");
}

function label(t: AnyTransitionDefinition): string {
  const event = t.eventType === "" ? "" : t.eventType;
  const condition = typeof t.description === "string" && t.description !== "" ? `(${t.description})` : "";
  return [event, condition].filter(Boolean).join(" ");
}

function transitionsOf(node: AnyStateNode): AnyTransitionDefinition[] {
  return [...[...node.transitions.values()].flat(), ...(node.always ?? [])];
}

function children(node: AnyStateNode): AnyStateNode[] {
  return Object.values(node.states as Record<string, AnyStateNode>);
}

/** The innermost state both nodes sit in (the machine's root when none). */
function commonParent(a: AnyStateNode, b: AnyStateNode): AnyStateNode {
  let parent = a.parent;
  while (parent && !b.path.join(".").startsWith(`${parent.path.join(".")}.`) && parent.path.length > 0) {
    parent = parent.parent;
  }
  return parent ?? contactMachine.root;
}

/**
 * The Mermaid source (without the ```mermaid fence). Composite states are declared
 * by their plain id (Mermaid mishandles arrows to an aliased composite state), and
 * each arrow is written inside the innermost composite state holding both its ends.
 */
export function contactLifecycleMermaid(): string {
  const arrowsIn = new Map<AnyStateNode, string[]>();
  for (const node of [contactMachine.root, ...allNodes(contactMachine.root)]) {
    for (const t of transitionsOf(node)) {
      for (const target of t.target ?? []) {
        const scope = commonParent(node, target);
        const text = label(t);
        const list = arrowsIn.get(scope) ?? [];
        list.push(`${mermaidId(node)} --> ${mermaidId(target)}${text ? ` : ${text}` : ""}`);
        arrowsIn.set(scope, list);
      }
    }
  }

  const lines: string[] = ["stateDiagram-v2"];
  const body = (scope: AnyStateNode, indent: string) => {
    const initial = scope.initial?.target[0];
    if (initial) lines.push(`${indent}[*] --> ${mermaidId(initial)}`);
    for (const node of children(scope)) {
      const id = mermaidId(node);
      const inPlaceEvents = [
        ...new Set(transitionsOf(node).filter((t) => !t.target || t.target.length === 0).map((t) => t.eventType)),
      ];
      if (children(node).length > 0) {
        lines.push(`${indent}state ${id} {`);
        body(node, `${indent}  `);
        lines.push(`${indent}}`);
        if (inPlaceEvents.length > 0) {
          lines.push(`${indent}note right of ${id}`);
          lines.push(`${indent}  recorded here: ${inPlaceEvents.join(", ")}`);
          lines.push(`${indent}end note`);
        }
      } else {
        lines.push(id === node.key ? `${indent}state ${id}` : `${indent}state "${node.key}" as ${id}`);
        for (const event of inPlaceEvents) lines.push(`${indent}${id} : ${event}`);
      }
      if (node.type === "final") {
        lines.push(`${indent}note right of ${id}`);
        lines.push(`${indent}  exactly one outcome: ${CONTACT_OUTCOMES.join(", ")}`);
        lines.push(`${indent}end note`);
        lines.push(`${indent}${id} --> [*]`);
      }
    }
    for (const arrow of arrowsIn.get(scope) ?? []) lines.push(`${indent}${arrow}`);
  };
  body(contactMachine.root, "  ");
  return lines.join("\n");
}

function allNodes(node: AnyStateNode): AnyStateNode[] {
  return children(node).flatMap((child) => [child, ...allNodes(child)]);
}

export const DIAGRAM_BEGIN = "<!-- BEGIN GENERATED DIAGRAM: machines/contact.diagram.ts (UPDATE_DIAGRAM=1 to rewrite) -->";
export const DIAGRAM_END = "<!-- END GENERATED DIAGRAM -->";

/** The block between the markers in docs/contact-lifecycle.md. */
export function contactLifecycleDiagramBlock(): string {
  return `${DIAGRAM_BEGIN}\n\`\`\`mermaid\n${contactLifecycleMermaid()}\n\`\`\`\n${DIAGRAM_END}`;
}

/** `doc` with the generated block put between its markers (or appended when it has none). */
export function withGeneratedDiagram(doc: string): string {
  const start = doc.indexOf(DIAGRAM_BEGIN);
  const end = doc.indexOf(DIAGRAM_END);
  if (start === -1 || end === -1 || end < start) return `${doc.trimEnd()}\n\n${contactLifecycleDiagramBlock()}\n`;
  return doc.slice(0, start) + contactLifecycleDiagramBlock() + doc.slice(end + DIAGRAM_END.length);
}
