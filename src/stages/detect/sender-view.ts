import type { SenderFile, SenderPlace, SenderView } from '../../domain/sender-view.js';
import type { Place, PlaceStep } from './extract/place.js';

/** A file name may be shown to its sender when the detector finds nothing in it. */
export type NameCheck = (name: string) => boolean;

function file(step: PlaceStep | undefined, showName: NameCheck): SenderFile | undefined {
  if (!step) return undefined;
  return showName(step.name) ? { position: step.position, name: step.name } : { position: step.position };
}

/**
 * A place in the sender's terms: the attachment of their message and, one level in, the file
 * inside it (an archive entry or a forwarded message's attachment). Deeper levels are not named:
 * positions stay unambiguous at the first level, and the file found there does contain the secret.
 */
export function senderPlace(place: Place, showName: NameCheck): SenderPlace {
  const [first, second] = place.steps;
  if (!first) {
    if (place.part === 'subject') return { in: 'subject' };
    if (place.part === 'body' || place.part === 'html') return { in: 'body' };
    return { in: 'message' };
  }
  return { in: 'attachment', attachment: file(first, showName), inner: file(second, showName) };
}

/** The sender's view of one scan: a place per finding, and the files that were removed whole. */
export function senderView(
  findingPlaces: readonly Place[],
  removed: readonly Place[],
  showName: NameCheck,
): SenderView {
  return {
    places: findingPlaces.map((p) => senderPlace(p, showName)),
    removed: removed.map((p) => senderPlace(p, showName)),
  };
}
