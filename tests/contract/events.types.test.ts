import type { Socket as ClientSocket } from 'socket.io-client';
import type { Server, Socket as ServerSocket } from 'socket.io';
import { describe, expectTypeOf, it } from 'vitest';
import type { AckCallback } from '../../server/contract/ack.ts';
import type { ClientToServerEvents, InterServerEvents, ServerToClientEvents, SocketData } from '../../server/contract/events.ts';
import type { ChatJoined } from '../../server/contract/payloads/chat.ts';

type Last<T extends unknown[]> = T extends [...unknown[], infer L] ? L : never;

describe('wire contract', () => {
  it('every server event carries exactly one object argument', () => {
    type Arities = { [E in keyof ServerToClientEvents]: Parameters<ServerToClientEvents[E]>['length'] };
    expectTypeOf<Arities[keyof Arities]>().toEqualTypeOf<1>();
    type Firsts = { [E in keyof ServerToClientEvents]: Parameters<ServerToClientEvents[E]>[0] };
    expectTypeOf<Firsts[keyof Firsts]>().toExtend<object>();
  });

  it('every client command takes one payload and ends with an Ack callback', () => {
    type Arities = { [E in keyof ClientToServerEvents]: Parameters<ClientToServerEvents[E]>['length'] };
    expectTypeOf<Arities[keyof Arities]>().toEqualTypeOf<2>();
    type Acks = { [E in keyof ClientToServerEvents]: Last<Parameters<ClientToServerEvents[E]>> };
    expectTypeOf<Acks['chat:join']>().toEqualTypeOf<AckCallback<ChatJoined>>();
    expectTypeOf<Acks['chat:send']>().toExtend<AckCallback<{ messageId: string }>>();
    expectTypeOf<Acks['chat:act']>().toExtend<AckCallback<{ accepted: true }>>();
  });

  it('the client socket type is the reverse of the server socket type', () => {
    type Io = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
    type ServerSide = ServerSocket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
    type ClientSide = ClientSocket<ServerToClientEvents, ClientToServerEvents>;
    expectTypeOf<Parameters<ClientSide['emit']>[0]>().toEqualTypeOf<keyof ClientToServerEvents>();
    expectTypeOf<Parameters<ServerSide['emit']>[0]>().toEqualTypeOf<keyof ServerToClientEvents>();
    expectTypeOf<Io['sockets']['emit']>().parameter(0).toEqualTypeOf<keyof ServerToClientEvents>();
  });
});
