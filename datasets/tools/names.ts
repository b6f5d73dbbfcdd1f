/**
 * Fictional personal details for the fields the agreements drop (callers, complainants, addresses).
 * Names are common first names and surnames combined at random; phone numbers come from Ofcom's
 * ranges reserved for drama (01632 960xxx, 07700 900xxx), so none can reach a real person.
 */
import type { Rng } from './rng.ts';

const FIRST = [
  'Amelia', 'Oliver', 'Isla', 'Harry', 'Ava', 'George', 'Mia', 'Noah', 'Grace', 'Jack', 'Freya', 'Leo', 'Lily', 'Arthur',
  'Emily', 'Oscar', 'Sophie', 'Charlie', 'Ella', 'Thomas', 'Ruby', 'Jacob', 'Evie', 'Alfie', 'Chloe', 'Joshua', 'Holly',
  'Daniel', 'Megan', 'Samuel', 'Hannah', 'Joseph', 'Bethany', 'Ryan', 'Jade', 'Liam', 'Paige', 'Kieran', 'Aisha', 'Imran',
  'Priya', 'Mohammed', 'Fatima', 'Yusuf', 'Zainab', 'Piotr', 'Agnieszka', 'Declan', 'Siobhan', 'Gareth', 'Rhiannon',
  'Margaret', 'Brian', 'Susan', 'Keith', 'Pauline', 'Derek', 'Janet', 'Graham', 'Lorraine',
];
const SURNAME = [
  'Smith', 'Jones', 'Taylor', 'Brown', 'Williams', 'Wilson', 'Johnson', 'Davies', 'Robinson', 'Wright', 'Thompson', 'Evans',
  'Walker', 'White', 'Roberts', 'Green', 'Hall', 'Wood', 'Jackson', 'Clarke', 'Harrison', 'Cooper', 'Ward', 'Hughes',
  'Turner', 'Parker', 'Ashworth', 'Cunliffe', 'Haworth', 'Whittle', 'Singleton', 'Catterall', 'Rigby', 'Hesketh', 'Crook',
  'Baxendale', 'Pilling', 'Sumner', 'Fazakerley', 'Khan', 'Patel', 'Hussain', 'Begum', 'Nowak', 'Kowalski', "O'Brien", 'Murphy',
];
const STREET_STEM = [
  'Acacia', 'Larkspur', 'Meadowbank', 'Foxglove', 'Kingfisher', 'Primrose', 'Heatherfield', 'Millbrook', 'Oakridge', 'Willowmere',
  'Hawthorn', 'Brackenwood', 'Lapwing', 'Cherrytree', 'Sandpiper', 'Rosebay', 'Thornfield', 'Ashgrove', 'Beechcroft', 'Elmsway',
  'Moorside', 'Brookhouse', 'Fernlea', 'Holmefield', 'Kestrel', 'Linnet', 'Orchard', 'Pinfold', 'Riverside', 'Stonecross',
];
const STREET_TYPE = ['Street', 'Road', 'Avenue', 'Close', 'Lane', 'Drive', 'Grove', 'Crescent', 'Way', 'Gardens', 'Mews', 'Terrace'];
const POSTCODE_LETTERS = 'ABDEFGHJLNPQRSTUWXYZ';

/** A random fictional full name. */
export function fictionalName(rng: Rng): string {
  return `${rng.pick(FIRST)} ${rng.pick(SURNAME)}`;
}

/** A random fictional street name (invented stems, so it is unlikely to be a real street in the area). */
export function fictionalStreet(rng: Rng): string {
  return `${rng.pick(STREET_STEM)} ${rng.pick(STREET_TYPE)}`;
}

/** A fictional phone number from the Ofcom drama ranges. */
export function fictionalPhone(rng: Rng): string {
  return rng.chance(0.6) ? `07700 900${rng.int(0, 999).toString().padStart(3, '0')}` : `01632 960${rng.int(0, 999).toString().padStart(3, '0')}`;
}

/** A postcode-shaped string inside one of the given outward codes; it is not looked up and need not exist. */
export function plausiblePostcode(rng: Rng, outwardCodes: readonly string[]): string {
  const letter = (): string => POSTCODE_LETTERS.charAt(rng.int(0, POSTCODE_LETTERS.length - 1));
  return `${rng.pick(outwardCodes)} ${rng.int(1, 9)}${letter()}${letter()}`;
}

/** A fictional street address: house number, street, town and postcode, comma-separated as exports write them. */
export function fictionalAddress(rng: Rng, town: string, postcode: string): string {
  const flat = rng.chance(0.12) ? `Flat ${rng.int(1, 24)}, ` : '';
  return `${flat}${rng.int(1, 180)} ${fictionalStreet(rng)}, ${town}, ${postcode}`;
}
