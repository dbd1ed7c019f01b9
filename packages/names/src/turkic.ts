/**
 * Turkic patronymics (issue #11): the father's name and a particle that says "son of" or "daughter of", as Soviet
 * and post-Soviet papers write Azerbaijani, Uzbek, Turkmen, Kyrgyz and Kazakh names — "Мамед оглы" (son of Mamed),
 * "Алиевна кызы", "Рустам кизи", Latin "Mamed ogly", "Məmməd oğlu", "Rustam qizi", "Asan kyzy". The two words are
 * one patronymic: the father's name is no second given name, nor the particle a fourth name or a surname's part.
 *
 * Read by the particle's skeleton (`skeleton`), so the scripts and spellings meet: оглы, ogly, ogli, o'g'li →
 * "ogli"; oglu, oğlu → "oglu"; огли, оглу, угли (a Ukrainian г read as h) → "ohli", "ohlu", "uhli"; ugli; кызы,
 * кизи, qizi, kyzy, qızı → "kizi"; гызы, gizi → "gizi". Kazakh "ұлы", "қызы" (uly, qyzy) and Kyrgyz "уулу" (uulu)
 * are read as written (`AS_WRITTEN`): their skeletons lose ұ, қ or meet a given name (Uli); `sexOfParticleSkeleton`
 * does not know them, so they say no sex.
 */
import { skeleton } from './fold.js';

/** Skeletons of "son of". */
const SON: ReadonlySet<string> = new Set(['ogli', 'oglu', 'ohli', 'ohlu', 'uhli', 'ugli']);
/** Skeletons of "daughter of". */
const DAUGHTER: ReadonlySet<string> = new Set(['kizi', 'gizi']);

/** The sex a particle's skeleton says: "son of" a man's, "daughter of" a woman's; null for any other skeleton. */
export function sexOfParticleSkeleton(key: string): 'male' | 'female' | null {
  return SON.has(key) ? 'male' : DAUGHTER.has(key) ? 'female' : null;
}

/**
 * Kazakh "son of", "daughter of" (ұлы, қызы; Latin uly, qyzy; ұ typed as у: улы) and Kyrgyz "son of" (уулу,
 * uulu), read as written (lower case): the skeleton loses ұ and қ ("ұлы" is "li"), and "uly" folds to "uli", a
 * given name (Uli); the words themselves are no name's.
 */
const AS_WRITTEN: ReadonlySet<string> = new Set(['ұлы', 'улы', 'uly', 'уулу', 'uulu', 'қызы', 'qyzy']);

/** Whether a word is a Turkic patronymic's particle (оглы, кызы, ogly, qizi, ұлы, uulu …). */
export function isTurkicParticle(word: string): boolean {
  if (word.length > 8) return false;
  return (
    sexOfParticleSkeleton(skeleton(word)) !== null || AS_WRITTEN.has(word.normalize('NFC').toLowerCase())
  );
}

/**
 * The parts of a Turkic patronymic written as one ("Мамед оглы", "Мамедович оглы", "Rustam qizi"): the father's
 * name (or a patronymic before the particle) and the particle, each as written; null when the text is not one
 * word and a particle.
 */
export function turkicPatronymicParts(text: string): { father: string; particle: string } | null {
  const words = text.trim().split(/\s+/u);
  if (words.length !== 2) return null;
  const [father, particle] = words as [string, string];
  if (isTurkicParticle(father) || !isTurkicParticle(particle)) return null;
  return { father, particle };
}

/** A Turkic patronymic as a list writes it: the particle in lower case ("МАМЕД ОГЛЫ" → "Мамед оглы"). */
export function turkicParticleCase(patronymic: string): string {
  const parts = turkicPatronymicParts(patronymic);
  return parts === null ? patronymic : `${parts.father} ${parts.particle.toLowerCase()}`;
}
