import type { Role } from './roles.ts';

/** Who someone is: a user account or a machine client, with their role and facility. */
export interface Identity {
  kind: 'user' | 'client';
  /** The app_user or api_client row id. */
  userId: string;
  /** The username, or the client id of a machine client. */
  username: string;
  role: Role;
  facilityId: string | null;
  practitionerId: string | null;
}

/** Who is making a request, as proven by their access token, and the scopes that token was granted. */
export interface Principal extends Identity {
  scope: string;
}
