import { jsonError } from "@/lib/http";

// Unknown API paths answer in the API's error shape, not with the HTML 404 page.
const notFound = () => jsonError(404, "not_found", "No such API route.");
export {
  notFound as GET,
  notFound as POST,
  notFound as PUT,
  notFound as PATCH,
  notFound as DELETE,
};
