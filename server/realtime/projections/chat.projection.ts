import type { Server } from 'socket.io';
import type { ClientToServerEvents, InterServerEvents, ServerToClientEvents, SocketData } from '../../contract/events.ts';
import { rooms } from '../../contract/rooms.ts';
import type { ChatConsolePort } from '../ports.ts';

type Io = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

/** Console chat messages → `chat:posted` in the chat's room. */
export function projectChat(io: Io, chat: ChatConsolePort): () => void {
  return chat.onPosted((message) => {
    io.to(rooms.chat(message.chatId)).emit('chat:posted', message);
  });
}
