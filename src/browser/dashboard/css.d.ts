/** CSS imported by a view's code comes in as text (esbuild's text loader), adopted as a stylesheet. */
declare module '*.css' {
  const text: string;
  export default text;
}
