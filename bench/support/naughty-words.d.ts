/** naughty-words ships no types: an object of term lists by language code. */
declare module 'naughty-words' {
  const lists: Record<string, string[]>;
  export default lists;
}
