export default function (req: { url: string }) {
  return req.url;
}
